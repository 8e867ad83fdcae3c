package io.drover.contract.serving;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code GET /v2/models/{name}/monitoring}: what one model-server process saw since it started —
 * requests, input drift against the training baseline, and live accuracy from feedback. Counters
 * reset when the process restarts; the operator aggregates over the replicas.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MonitoringReport(
    ModelInfo model,
    String startedAt,
    String generatedAt,
    Requests requests,
    Drift drift,
    Accuracy accuracy) {

  /**
   * @param trainingAccuracy the test-split accuracy from the bundle's manifest, null if absent
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ModelInfo(
      String name, String version, String format, Double trainingAccuracy, Double loadSeconds) {}

  /** Infer requests since start: total = success + clientError + serverError. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Requests(long total, long success, long clientError, long serverError, long rows) {}

  /**
   * @param maxPsi the largest feature PSI, null while the window is short
   * @param features per feature, in model order
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Drift(Double maxPsi, Double maxOutlierRate, List<FeatureDrift> features) {
    public Drift {
      features = features == null ? List.of() : List.copyOf(features);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FeatureDrift(String name, Double psi, Double outlierRate) {}

  /**
   * @param live accuracy over the last {@code rows} labelled rows, null before any feedback
   * @param rows labelled rows behind {@code live}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Accuracy(Double live, long rows, long totalRows, long totalCorrect) {}
}
