package io.drover.operator.inferenceservice.dataplane;

import io.drover.contract.serving.MonitoringReport;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.FeatureDrift;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.MonitoringStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VersionMonitoring;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads every ready model-server pod's monitoring report and merges each version's replicas: drift
 * and outlier rates weighted by the rows in each replica's window, live accuracy weighted by each
 * replica's labelled rows, counts added.
 */
public final class MonitoringReader {

  private final DataPlane dataPlane;

  public MonitoringReader(DataPlane dataPlane) {
    this.dataPlane = dataPlane;
  }

  /**
   * @param variants the live versions, stable first
   * @param serverPods base URLs of each variant's ready pods, by variant name
   * @param threshold the PSI above which a feature counts as drifted
   */
  public MonitoringStatus read(
      List<VariantStatus> variants,
      Map<String, List<String>> serverPods,
      String model,
      double threshold,
      Instant now) {
    List<VersionMonitoring> versions = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (VariantStatus variant : variants) {
      List<String> pods = serverPods.getOrDefault(variant.variant(), List.of());
      if (pods.isEmpty()) {
        problems.add("v%d has no ready pod".formatted(variant.version()));
        continue;
      }
      List<MonitoringReport> reports = new ArrayList<>();
      for (String pod : pods) {
        try {
          dataPlane.monitoring(pod, model).ifPresent(reports::add);
        } catch (DataPlaneException e) {
          problems.add(e.getMessage());
        }
      }
      merge(variant, reports, threshold).ifPresent(versions::add);
    }
    return new MonitoringStatus(
        now.toString(),
        versions.isEmpty() ? null : List.copyOf(versions),
        problems.isEmpty() ? null : String.join("; ", problems));
  }

  /** One version's figures from its replicas' reports; empty when none could be read. */
  public static Optional<VersionMonitoring> merge(
      VariantStatus variant, List<MonitoringReport> reports, double threshold) {
    if (reports.isEmpty()) {
      return Optional.empty();
    }
    long requests = 0;
    long windowRows = 0;
    long labelled = 0;
    double correctWeighted = 0;
    Map<String, Weighted> psi = new LinkedHashMap<>();
    Map<String, Weighted> outliers = new LinkedHashMap<>();
    for (MonitoringReport report : reports) {
      if (report.requests() != null) {
        requests += report.requests().total();
      }
      long rows = report.window() == null ? 0 : report.window().rows();
      windowRows += rows;
      if (report.drift() != null) {
        for (MonitoringReport.FeatureDrift feature : report.drift().features()) {
          psi.computeIfAbsent(feature.name(), k -> new Weighted()).add(feature.psi(), rows);
          outliers
              .computeIfAbsent(feature.name(), k -> new Weighted())
              .add(feature.outlierRate(), rows);
        }
      }
      MonitoringReport.Accuracy accuracy = report.accuracy();
      if (accuracy != null && accuracy.live() != null && accuracy.rows() > 0) {
        labelled += accuracy.rows();
        correctWeighted += accuracy.live() * accuracy.rows();
      }
    }
    List<FeatureDrift> features = new ArrayList<>();
    Double maxPsi = null;
    Double maxOutliers = null;
    for (Map.Entry<String, Weighted> entry : psi.entrySet()) {
      Double featurePsi = entry.getValue().mean();
      Double featureOutliers = outliers.get(entry.getKey()).mean();
      if (featurePsi == null && featureOutliers == null) {
        continue;
      }
      features.add(
          new FeatureDrift(
              entry.getKey(),
              round(featurePsi),
              round(featureOutliers),
              featurePsi == null ? null : featurePsi > threshold));
      maxPsi = max(maxPsi, featurePsi);
      maxOutliers = max(maxOutliers, featureOutliers);
    }
    return Optional.of(
        new VersionMonitoring(
            variant.version(),
            variant.modelVersion(),
            variant.variant(),
            reports.size(),
            requests,
            windowRows,
            features.isEmpty() ? null : List.copyOf(features),
            round(maxPsi),
            round(maxOutliers),
            maxPsi == null ? null : maxPsi > threshold,
            labelled == 0 ? null : round(correctWeighted / labelled),
            labelled));
  }

  private static Double max(Double a, Double b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Math.max(a, b);
  }

  /** Four decimals: enough to judge, and a status that does not change on noise below that. */
  private static Double round(Double value) {
    return value == null ? null : Math.round(value * 10_000) / 10_000.0;
  }

  /** A mean weighted by rows over the replicas that reported a value. */
  private static final class Weighted {
    private double sum;
    private long weight;
    private boolean any;

    void add(Double value, long rows) {
      if (value == null) {
        return;
      }
      any = true;
      long w = Math.max(rows, 1);
      sum += value * w;
      weight += w;
    }

    Double mean() {
      return any ? sum / weight : null;
    }
  }
}
