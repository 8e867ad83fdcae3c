package io.drover.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What a trainer reports when it ends, as compact JSON in its termination message (at most {@link
 * TrainerResults#MAX_BYTES} bytes, the Kubernetes limit). The operator copies it into the
 * TrainingRun's status.
 *
 * @param outcome whether training produced a model
 * @param message one human sentence: why it failed, or a summary of success
 * @param metrics evaluation metrics on the held-out test split, by name
 * @param dataset the data set that was read
 * @param bundle where the model bundle was written; absent on failure
 * @param validation data-validation verdicts, worst first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TrainerResult(
    Outcome outcome,
    String message,
    Map<String, Double> metrics,
    Dataset dataset,
    Bundle bundle,
    List<ValidationVerdict> validation) {

  public TrainerResult {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    validation = validation == null ? List.of() : List.copyOf(validation);
  }

  /** How the trainer ended. */
  public enum Outcome {
    Succeeded,
    Failed
  }

  /**
   * @param digest content digest of the data as read, {@code sha256:<hex>}
   * @param rows number of data rows (header excluded)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Dataset(String digest, Long rows) {}

  /**
   * @param uri location of the bundle directory, as the trainer wrote it
   * @param digest digest over the bundle's files, {@code sha256:<hex>}
   * @param format the bundle's model format, for example {@code drover-mlp}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Bundle(String uri, String digest, String format) {}

  /**
   * One data-validation check.
   *
   * @param check what was checked, for example {@code ks-shift} or {@code schema}
   * @param feature the feature it concerns, when it concerns one
   * @param verdict Pass, Warn or Fail
   * @param statistic the test statistic, when the check has one
   * @param pValue the p-value, when the check has one
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ValidationVerdict(
      String check, String feature, Verdict verdict, Double statistic, Double pValue) {}

  /** The verdict of one validation check. */
  public enum Verdict {
    Pass,
    Warn,
    Fail
  }
}
