package io.drover.operator.inferenceservice.dataplane;

import io.drover.operator.api.inferenceservice.InferenceServiceStatus.MonitoringStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VersionMonitoring;
import io.drover.operator.inferenceservice.dataplane.PrometheusApi.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The live versions' figures from a Prometheus that scrapes the model servers: one instant query
 * per version selects its replicas' gauges by namespace and variant label, the series are grouped
 * into replicas by the pod label, only the pods the operator sees ready are kept, and the replicas
 * are merged like the servers' own reports ({@link ReplicaMerge}). Features come in name order
 * (Prometheus does not know the model's order).
 */
public final class PrometheusMonitoring implements MonitoringSource {

  static final String PSI = "drover_feature_psi";
  static final String OUTLIER_RATE = "drover_feature_outlier_rate";
  static final String WINDOW_ROWS = "drover_drift_window_rows";
  static final String LIVE_ACCURACY = "drover_live_accuracy";
  static final String LIVE_ACCURACY_ROWS = "drover_live_accuracy_rows";
  static final String REQUESTS = "drover_inference_requests_total";
  private static final List<String> METRICS =
      List.of(PSI, OUTLIER_RATE, WINDOW_ROWS, LIVE_ACCURACY, LIVE_ACCURACY_ROWS, REQUESTS);

  private final PrometheusApi api;
  private final SeriesLabels labels;

  public PrometheusMonitoring(PrometheusApi api, SeriesLabels labels) {
    this.api = api;
    this.labels = labels;
  }

  /**
   * The label names that carry, on every series, the scraped pod's namespace, its {@code
   * drover.io/variant} label and its name.
   */
  public record SeriesLabels(String namespace, String variant, String pod) {
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public SeriesLabels {
      check("drover.monitoring.prometheus-namespace-label", namespace);
      check("drover.monitoring.prometheus-variant-label", variant);
      check("drover.monitoring.prometheus-pod-label", pod);
    }

    private static void check(String setting, String name) {
      if (name == null || !LABEL_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "%s is %s, not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)"
                .formatted(setting, name == null ? "unset" : "'" + name + "'"));
      }
    }
  }

  @Override
  public MonitoringStatus read(
      String namespace, String model, List<LiveVersion> versions, double threshold, Instant now) {
    List<VersionMonitoring> read = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (LiveVersion version : versions) {
      int number = version.variant().version();
      if (version.pods().isEmpty()) {
        problems.add("v%d has no ready pod".formatted(number));
        continue;
      }
      String query = query(namespace, version.variant().variant());
      List<Sample> samples;
      try {
        samples = api.query(query);
      } catch (DataPlaneException e) {
        problems.add("v%d: %s".formatted(number, e.getMessage()));
        continue;
      }
      Map<String, List<Sample>> byPod = new LinkedHashMap<>();
      for (Sample sample : samples) {
        String pod = sample.label(labels.pod());
        if (pod != null) {
          byPod.computeIfAbsent(pod, k -> new ArrayList<>()).add(sample);
        }
      }
      List<ReplicaFigures> replicas = new ArrayList<>();
      List<String> unseen = new ArrayList<>();
      for (ServerPod pod : version.pods()) {
        List<Sample> own = byPod.get(pod.name());
        if (own == null) {
          unseen.add(pod.name());
        } else {
          replicas.add(figures(own));
        }
      }
      if (!unseen.isEmpty()) {
        problems.add(
            "v%d: Prometheus has no series for ready pod %s in %s: is every pod scraped, its series labelled %s, %s and %s?"
                .formatted(
                    number,
                    String.join(", ", unseen),
                    query,
                    labels.namespace(),
                    labels.variant(),
                    labels.pod()));
      }
      ReplicaMerge.merge(version.variant(), replicas, threshold).ifPresent(read::add);
    }
    return new MonitoringStatus(
        now.toString(),
        read.isEmpty() ? null : List.copyOf(read),
        problems.isEmpty() ? null : String.join("; ", problems));
  }

  /** Every gauge of one variant's replicas, in one selector. */
  String query(String namespace, String variant) {
    return "{__name__=~\"%s\",%s=\"%s\",%s=\"%s\"}"
        .formatted(
            String.join("|", METRICS),
            labels.namespace(),
            quote(namespace),
            labels.variant(),
            quote(variant));
  }

  /** One replica's series as the figures its JSON report would give. */
  static ReplicaFigures figures(List<Sample> series) {
    long requests = 0;
    long windowRows = 0;
    Double live = null;
    long labelled = 0;
    Map<String, Double> psi = new TreeMap<>();
    Map<String, Double> outliers = new TreeMap<>();
    for (Sample sample : series) {
      String name = sample.label("__name__");
      Double value = Double.isFinite(sample.value()) ? sample.value() : null;
      String feature = sample.label("feature");
      switch (name == null ? "" : name) {
        case REQUESTS -> requests += value == null ? 0 : Math.round(value);
        case WINDOW_ROWS -> windowRows = value == null ? 0 : Math.round(value);
        case LIVE_ACCURACY -> live = value;
        case LIVE_ACCURACY_ROWS -> labelled = value == null ? 0 : Math.round(value);
        case PSI -> {
          if (feature != null) {
            psi.put(feature, value);
          }
        }
        case OUTLIER_RATE -> {
          if (feature != null) {
            outliers.put(feature, value);
          }
        }
        default -> {
          // a series the selector matched but the figures do not use
        }
      }
    }
    TreeMap<String, ReplicaFigures.Feature> features = new TreeMap<>();
    for (String feature : psi.keySet()) {
      features.put(
          feature, new ReplicaFigures.Feature(feature, psi.get(feature), outliers.get(feature)));
    }
    for (String feature : outliers.keySet()) {
      features.putIfAbsent(
          feature, new ReplicaFigures.Feature(feature, null, outliers.get(feature)));
    }
    return new ReplicaFigures(requests, windowRows, List.copyOf(features.values()), live, labelled);
  }

  /** A PromQL double-quoted string's content. */
  private static String quote(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
