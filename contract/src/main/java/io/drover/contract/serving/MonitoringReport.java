package io.drover.contract.serving;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v2/models/{name}/monitoring}: what one model-server process saw since it started —
 * requests, input drift against the training baseline, the classes it predicted, and live accuracy
 * from feedback. The server writes this record and the operator reads it. Counters reset when the
 * process restarts; the operator aggregates over the replicas.
 *
 * @param model the bundle being served
 * @param startedAt when the server started counting (RFC 3339)
 * @param generatedAt when the document was made (RFC 3339)
 * @param window the sliding window of input rows that drift and predictions cover
 * @param requests infer requests since start, both protocols
 * @param drift the window's inputs against the training baseline
 * @param predictions predicted labels, over the window and since start
 * @param accuracy live accuracy from feedback
 * @param feedback the feedback data set labelled rows are persisted to; absent from servers that
 *     predate it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MonitoringReport(
    ModelInfo model,
    String startedAt,
    String generatedAt,
    Window window,
    Requests requests,
    Drift drift,
    Predictions predictions,
    Accuracy accuracy,
    Feedback feedback) {

  /** A report without the feedback part, as servers that predate it wrote it. */
  public MonitoringReport(
      ModelInfo model,
      String startedAt,
      String generatedAt,
      Window window,
      Requests requests,
      Drift drift,
      Predictions predictions,
      Accuracy accuracy) {
    this(model, startedAt, generatedAt, window, requests, drift, predictions, accuracy, null);
  }

  /**
   * The bundle being served.
   *
   * @param name the model's name in the manifest
   * @param version the model's version in the manifest
   * @param format the bundle's format, as the manifest names it ({@code drover-mlp}, …)
   * @param trainingAccuracy the test-split accuracy from the manifest, null if absent: what live
   *     accuracy is compared with
   * @param loadSeconds bundle load plus the test inference, in seconds
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ModelInfo(
      String name, String version, String format, Double trainingAccuracy, Double loadSeconds) {}

  /**
   * The sliding window of input rows.
   *
   * @param rows input rows in the window now
   * @param capacity rows the window holds at most (the last ones predicted)
   * @param minRowsForDrift rows needed before PSI and outlier rates are reported; below it they are
   *     null
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Window(long rows, long capacity, long minRowsForDrift) {}

  /**
   * Infer requests since start: {@code total = success + clientError + serverError}.
   *
   * @param total every infer request
   * @param success requests answered 200
   * @param clientError requests refused with a 4xx
   * @param serverError requests that failed with a 5xx
   * @param rows rows predicted by the successful requests
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Requests(long total, long success, long clientError, long serverError, long rows) {}

  /**
   * The window's inputs against the training baseline.
   *
   * @param maxPsi the largest feature PSI, null while the window is short
   * @param maxOutlierRate the largest feature outlier rate, null while the window is short
   * @param features per feature, in model order
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Drift(Double maxPsi, Double maxOutlierRate, List<FeatureDrift> features) {
    public Drift {
      features = features == null ? List.of() : List.copyOf(features);
    }
  }

  /**
   * One feature's drift over the window.
   *
   * @param name the feature
   * @param psi Population Stability Index against the training histogram; null while the window is
   *     short or when the bundle has no baseline for the feature
   * @param outlierRate share of the window's values outside the training {@code [min, max]}; null
   *     like {@code psi}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FeatureDrift(String name, Double psi, Double outlierRate) {}

  /**
   * Predicted labels, each map in the model's label order.
   *
   * @param rows predictions in the window (the same window as drift)
   * @param window predictions per label in the window
   * @param shares share of the window's predictions per label (0 while the window is empty)
   * @param total predictions per label since start
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Predictions(
      long rows, Map<String, Long> window, Map<String, Double> shares, Map<String, Long> total) {
    public Predictions {
      window = inOrder(window);
      shares = inOrder(shares);
      total = inOrder(total);
    }

    /** Keeps the label order ({@code Map.copyOf} would not). */
    private static <V> Map<String, V> inOrder(Map<String, V> map) {
      return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
  }

  /**
   * Live accuracy from feedback.
   *
   * @param live share of correct predictions over the last {@code rows} labelled rows, null before
   *     any feedback
   * @param rows labelled rows behind {@code live}, at most {@code windowCapacity}
   * @param windowCapacity labelled rows live accuracy is computed over at most
   * @param totalRows labelled rows since start
   * @param totalCorrect correctly predicted labelled rows since start
   * @param pendingRequests predicted requests still awaiting feedback
   * @param pendingRows predicted rows still awaiting feedback
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Accuracy(
      Double live,
      long rows,
      long windowCapacity,
      long totalRows,
      long totalCorrect,
      long pendingRequests,
      long pendingRows) {}

  /**
   * The feedback data set ({@link FeedbackDataset}) this process appends labelled rows to.
   *
   * @param persisted whether labelled rows are persisted ({@value FeedbackDataset#DIRECTORY_ENV} is
   *     set); when false the other fields are null or 0
   * @param directory the directory appended to
   * @param writer this process's writer id, part of each of its file names
   * @param rows labelled rows made durable since start (each answered 200)
   * @param files files this process created
   * @param currentFile the file appended to now, null before the first row
   * @param writeFailures feedback requests answered 503 because their rows could not be stored
   * @param lastError the last storage failure, null when none
   * @param lastErrorAt when it happened (RFC 3339), null when none
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Feedback(
      boolean persisted,
      String directory,
      String writer,
      long rows,
      long files,
      String currentFile,
      long writeFailures,
      String lastError,
      String lastErrorAt) {

    /** The part for a server that does not persist feedback. */
    public static Feedback notPersisted() {
      return new Feedback(false, null, null, 0, 0, null, 0, null, null);
    }
  }
}
