package io.drover.contract.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * How well a model classified a data set ({@value ModelBundles#EVALUATION_FILE}): the trainer
 * writes one for its held-out test split, evaluate mode one for any data set.
 *
 * @param dataset the data that was classified
 * @param metrics accuracy, macro precision, recall and F1, and log loss
 * @param labels label names, in the order of the confusion matrix
 * @param confusionMatrix {@code confusionMatrix[actual][predicted]} row counts
 * @param classes per-label precision, recall, F1 and support
 * @param training how training went; absent in evaluate mode
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationReport(
    ModelManifest.DatasetSource dataset,
    Map<String, Double> metrics,
    List<String> labels,
    List<List<Long>> confusionMatrix,
    List<ClassMetrics> classes,
    Training training) {

  /** One label's one-vs-rest figures. */
  public record ClassMetrics(
      String label, double precision, double recall, double f1, long support) {}

  /**
   * @param trainRows rows trained on
   * @param validationRows rows held out for validation loss and early stopping
   * @param testRows rows held out for the metrics
   * @param epochs epochs run
   * @param bestEpoch the epoch whose weights were kept
   * @param stoppedEarly whether validation loss stopped improving before the last epoch
   * @param seconds wall time of the training loop
   * @param device where it trained, for example {@code cpu()} or {@code gpu(0)}
   * @param curve one entry per epoch
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Training(
      int trainRows,
      int validationRows,
      int testRows,
      int epochs,
      int bestEpoch,
      boolean stoppedEarly,
      double seconds,
      String device,
      List<Epoch> curve) {}

  /** Mean training loss and accuracy over an epoch, and validation figures after it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Epoch(
      int epoch, double loss, double accuracy, Double validationLoss, Double validationAccuracy) {}
}
