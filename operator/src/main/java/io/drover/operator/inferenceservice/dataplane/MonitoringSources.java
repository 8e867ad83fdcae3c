package io.drover.operator.inferenceservice.dataplane;

import io.drover.operator.api.inferenceservice.InferenceServiceStatus.MonitoringStatus;
import io.drover.operator.api.inferenceservice.Monitoring;
import io.drover.operator.inferenceservice.dataplane.PrometheusMonitoring.SeriesLabels;
import java.time.Duration;
import java.util.Optional;

/**
 * The monitoring source each InferenceService asks for (spec.monitoring.source). Prometheus needs
 * the operator's {@code drover.monitoring.prometheus-url}; without it, or with an unusable setting,
 * a service asking for Prometheus gets a source that reads nothing and names the setting to fix in
 * status.monitoring.unavailable, at its usual interval.
 */
public final class MonitoringSources {

  private final MonitoringSource servers;
  private final MonitoringSource prometheus;

  private MonitoringSources(MonitoringSource servers, MonitoringSource prometheus) {
    this.servers = servers;
    this.prometheus = prometheus;
  }

  /**
   * The operator's Prometheus settings (drover.monitoring.*).
   *
   * @param url prometheus-url, empty when unset
   * @param namespaceLabel prometheus-namespace-label: the series label with the pod's namespace
   * @param variantLabel prometheus-variant-label: the series label with its drover.io/variant
   * @param podLabel prometheus-pod-label: the series label with the pod's name
   */
  public record PrometheusSettings(
      Optional<String> url, String namespaceLabel, String variantLabel, String podLabel) {}

  /** Servers only, as when no Prometheus URL is set. */
  public static MonitoringSources serversOnly(DataPlane dataPlane) {
    return of(
        dataPlane,
        new PrometheusSettings(Optional.empty(), "namespace", "variant", "pod"),
        Duration.ofSeconds(3));
  }

  /**
   * @param timeout how long one Prometheus query may take (the operator's dataPlaneTimeout)
   */
  public static MonitoringSources of(
      DataPlane dataPlane, PrometheusSettings settings, Duration timeout) {
    MonitoringSource servers = new ServersMonitoring(dataPlane);
    if (settings.url().filter(url -> !url.isBlank()).isEmpty()) {
      return new MonitoringSources(
          servers,
          unavailable(
              "spec.monitoring.source is Prometheus but the operator has no Prometheus URL: set"
                  + " drover.monitoring.prometheus-url (env DROVER_MONITORING_PROMETHEUS_URL,"
                  + " chart value monitoring.prometheusUrl), or use source Servers"));
    }
    try {
      return new MonitoringSources(
          servers,
          new PrometheusMonitoring(
              new PrometheusApi(settings.url().get().strip(), timeout),
              new SeriesLabels(
                  settings.namespaceLabel(), settings.variantLabel(), settings.podLabel())));
    } catch (IllegalArgumentException e) {
      return new MonitoringSources(
          servers, unavailable("spec.monitoring.source is Prometheus but " + e.getMessage()));
    }
  }

  public MonitoringSource of(Monitoring monitoring) {
    return monitoring.sourceOrDefault() == Monitoring.MonitoringSource.Prometheus
        ? prometheus
        : servers;
  }

  private static MonitoringSource unavailable(String why) {
    return (namespace, model, versions, threshold, now) ->
        new MonitoringStatus(now.toString(), null, why);
  }
}
