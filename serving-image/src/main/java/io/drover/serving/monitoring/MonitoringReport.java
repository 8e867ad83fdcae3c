package io.drover.serving.monitoring;

import java.util.List;

/**
 * Everything the operator reads about the live model in one document, served as JSON by {@code GET
 * /v2/models/{name}/monitoring}. The README documents each field.
 */
public record MonitoringReport(
    ModelInfo model,
    String startedAt,
    String generatedAt,
    Window window,
    RequestMetrics.Totals requests,
    Drift drift,
    ClassDistribution.Snapshot predictions,
    Accuracy accuracy) {

  /**
   * @param trainingAccuracy the test-split accuracy from the manifest, for comparison
   */
  public record ModelInfo(
      String name, String version, String format, Double trainingAccuracy, double loadSeconds) {}

  /**
   * @param rows input rows in the sliding window now
   * @param capacity rows the window holds at most
   * @param minRowsForDrift rows needed before PSI is reported (below it, {@code psi} is null)
   */
  public record Window(int rows, int capacity, int minRowsForDrift) {}

  /**
   * @param maxPsi the largest feature PSI, null while the window is short
   * @param features per feature, in model order
   */
  public record Drift(Double maxPsi, Double maxOutlierRate, List<FeatureDrift> features) {}

  public record FeatureDrift(String name, Double psi, Double outlierRate) {}

  /**
   * @param live accuracy over the last {@code rows} labelled rows, null before any feedback
   */
  public record Accuracy(
      Double live,
      int rows,
      int windowCapacity,
      long totalRows,
      long totalCorrect,
      int pendingRequests,
      long pendingRows) {}
}
