package io.drover.operator.metrics;

import io.drover.operator.api.inferenceservice.InferenceServiceStatus.FeatureDrift;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.MonitoringStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VersionMonitoring;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live figures of each InferenceService as gauges, the same ones its status.monitoring shows:
 * {@code drover_inferenceservice_drift_psi} and {@code drover_inferenceservice_outlier_rate} (by
 * feature), {@code drover_inferenceservice_live_accuracy}, {@code
 * drover_inferenceservice_labelled_rows} (each by namespace, inferenceservice and version), and
 * {@code drover_retraining_breaker_open}. A version that stops serving loses its gauges; a deleted
 * service loses them within {@link #SWEEP_EVERY}.
 */
final class MonitoringGauges {

  private final MeterRegistry registry;

  /** How long the gauges of a deleted InferenceService may outlive it. */
  static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

  private final Map<String, Map<String, Reading>> byService = new ConcurrentHashMap<>();
  private Instant sweptAt;

  MonitoringGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  synchronized void update(
      String namespace, String service, MonitoringStatus monitoring, boolean breakerOpen) {
    Map<String, Reading> before = byService.getOrDefault(namespace + "/" + service, Map.of());
    Map<String, Reading> now = new HashMap<>();
    Tags serviceTags = Tags.of("namespace", namespace, "inferenceservice", service);
    set(
        before,
        now,
        "drover.retraining.breaker.open",
        "Whether automatic retraining is stopped by its circuit breaker (1) or not (0)",
        serviceTags,
        breakerOpen ? 1 : 0);
    if (monitoring != null && monitoring.versions() != null) {
      for (VersionMonitoring version : monitoring.versions()) {
        Tags tags = serviceTags.and("version", String.valueOf(version.version()));
        if (version.liveAccuracy() != null) {
          set(
              before,
              now,
              "drover.inferenceservice.live.accuracy",
              "Accuracy on the requests with ground-truth feedback, 0-1",
              tags,
              version.liveAccuracy());
        }
        set(
            before,
            now,
            "drover.inferenceservice.labelled.rows",
            "Labelled rows behind live accuracy",
            tags,
            version.labelledRows() == null ? 0 : version.labelledRows());
        if (version.features() == null) {
          continue;
        }
        for (FeatureDrift feature : version.features()) {
          Tags featureTags = tags.and("feature", feature.feature());
          if (feature.psi() != null) {
            set(
                before,
                now,
                "drover.inferenceservice.drift.psi",
                "Population Stability Index of a feature's recent inputs against training",
                featureTags,
                feature.psi());
          }
          if (feature.outlierRate() != null) {
            set(
                before,
                now,
                "drover.inferenceservice.outlier.rate",
                "Share of a feature's recent inputs outside the training range",
                featureTags,
                feature.outlierRate());
          }
        }
      }
    }
    before.forEach(
        (key, reading) -> {
          if (!now.containsKey(key)) {
            registry.remove(reading.gauge());
          }
        });
    byService.put(namespace + "/" + service, now);
  }

  /**
   * Forgets the services {@code exists(namespace, name)} denies, at most once every {@link
   * #SWEEP_EVERY}: one lookup per service with gauges, and every reconcile asks, so sweeping each
   * time would cost each reconcile a walk over all services.
   */
  synchronized void keep(java.util.function.BiPredicate<String, String> exists, Instant now) {
    if (sweptAt != null && now.isBefore(sweptAt.plus(SWEEP_EVERY))) {
      return;
    }
    sweptAt = now;
    byService.keySet().stream()
        .filter(
            key -> {
              int slash = key.indexOf('/');
              return !exists.test(key.substring(0, slash), key.substring(slash + 1));
            })
        .toList()
        .forEach(key -> byService.remove(key).values().forEach(r -> registry.remove(r.gauge())));
  }

  private void set(
      Map<String, Reading> before,
      Map<String, Reading> now,
      String name,
      String description,
      Tags tags,
      double value) {
    String key = name + tags;
    Reading reading = before.get(key);
    if (reading == null) {
      Holder holder = new Holder();
      Gauge gauge =
          Gauge.builder(name, holder, Holder::value)
              .description(description)
              .tags(tags)
              .strongReference(true)
              .register(registry);
      reading = new Reading(holder, gauge);
    }
    reading.holder().value = value;
    now.put(key, reading);
  }

  private record Reading(Holder holder, Gauge gauge) {}

  private static final class Holder {
    private volatile double value;

    double value() {
      return value;
    }
  }
}
