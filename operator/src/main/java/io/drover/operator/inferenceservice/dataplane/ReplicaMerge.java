package io.drover.operator.inferenceservice.dataplane;

import io.drover.operator.api.inferenceservice.InferenceServiceStatus.FeatureDrift;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VersionMonitoring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One version's figures from its replicas': drift and outlier rates weighted by the rows in each
 * replica's window, live accuracy weighted by each replica's labelled rows, counts added. Every
 * monitoring source merges through here, so the sources agree.
 */
public final class ReplicaMerge {

  private ReplicaMerge() {}

  /** Empty when no replica could be read. */
  public static Optional<VersionMonitoring> merge(
      VariantStatus variant, List<ReplicaFigures> replicas, double threshold) {
    if (replicas.isEmpty()) {
      return Optional.empty();
    }
    long requests = 0;
    long windowRows = 0;
    long labelled = 0;
    double correctWeighted = 0;
    Map<String, Weighted> psi = new LinkedHashMap<>();
    Map<String, Weighted> outliers = new LinkedHashMap<>();
    for (ReplicaFigures replica : replicas) {
      requests += replica.requests();
      long rows = replica.windowRows();
      windowRows += rows;
      for (ReplicaFigures.Feature feature : replica.features()) {
        psi.computeIfAbsent(feature.name(), k -> new Weighted()).add(feature.psi(), rows);
        outliers
            .computeIfAbsent(feature.name(), k -> new Weighted())
            .add(feature.outlierRate(), rows);
      }
      if (replica.liveAccuracy() != null && replica.labelledRows() > 0) {
        labelled += replica.labelledRows();
        correctWeighted += replica.liveAccuracy() * replica.labelledRows();
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
            replicas.size(),
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
