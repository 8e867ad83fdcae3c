package io.drover.operator.inferenceservice.dataplane;

import io.drover.contract.serving.MonitoringReport;
import java.util.List;

/**
 * What one model-server replica says about its window, whichever source read it: the part of its
 * monitoring report that {@link ReplicaMerge} weighs.
 *
 * @param requests infer requests since the replica started
 * @param windowRows input rows in its drift window (the weight of its drift figures)
 * @param features per feature, PSI and outlier rate (null while the window is short)
 * @param liveAccuracy accuracy on its latest labelled rows, null before any feedback
 * @param labelledRows labelled rows behind {@code liveAccuracy} (the weight of its accuracy)
 */
public record ReplicaFigures(
    long requests,
    long windowRows,
    List<Feature> features,
    Double liveAccuracy,
    long labelledRows) {

  public ReplicaFigures {
    features = List.copyOf(features);
  }

  /** One feature's drift in the replica's window. */
  public record Feature(String name, Double psi, Double outlierRate) {}

  /** The figures of a server's JSON report. */
  public static ReplicaFigures of(MonitoringReport report) {
    List<Feature> features =
        report.drift() == null
            ? List.of()
            : report.drift().features().stream()
                .map(f -> new Feature(f.name(), f.psi(), f.outlierRate()))
                .toList();
    MonitoringReport.Accuracy accuracy = report.accuracy();
    return new ReplicaFigures(
        report.requests() == null ? 0 : report.requests().total(),
        report.window() == null ? 0 : report.window().rows(),
        features,
        accuracy == null ? null : accuracy.live(),
        accuracy == null ? 0 : accuracy.rows());
  }
}
