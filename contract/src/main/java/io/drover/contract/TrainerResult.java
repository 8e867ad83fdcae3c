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
 * @param split how the rows were split and how many held-out rows duplicate training rows; absent
 *     from trainers that do not report it (and from results written before it existed)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TrainerResult(
    Outcome outcome,
    String message,
    Map<String, Double> metrics,
    Dataset dataset,
    Bundle bundle,
    List<ValidationVerdict> validation,
    Split split) {

  public TrainerResult {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    validation = validation == null ? List.of() : List.copyOf(validation);
  }

  /** A result without a split report, as trainers that do not split rows write it. */
  public TrainerResult(
      Outcome outcome,
      String message,
      Map<String, Double> metrics,
      Dataset dataset,
      Bundle bundle,
      List<ValidationVerdict> validation) {
    this(outcome, message, metrics, dataset, bundle, validation, null);
  }

  /** How the trainer ended. */
  public enum Outcome {
    Succeeded,
    Failed
  }

  /**
   * The data set that was read: {@link TrainerEnvironment#DATASET_URI} and, when the run named
   * them, the {@link TrainerEnvironment#DATASET_SOURCES}.
   *
   * @param digest content digest of everything read, {@code sha256:<hex>}: when only {@link
   *     TrainerEnvironment#DATASET_URI} contributed rows, its own digest (the digest of its bytes,
   *     so a run without further sources, or with only empty ones, reports what it always did);
   *     otherwise SHA-256 over the UTF-8 text of each contributing source's digest followed by a
   *     line feed, in source order (sources without rows are left out)
   * @param rows number of data rows over all sources (headers excluded)
   * @param sources per source in order, {@link TrainerEnvironment#DATASET_URI} first; empty from
   *     trainers (and results) that do not report it. When the result would not fit in {@link
   *     TrainerResults#MAX_BYTES}, the reference trainer leaves trailing sources out (the primary
   *     is kept) once every validation verdict is left out (least severe first) and before it
   *     shortens the message, and the message says how many; {@code rows} and {@code digest} still
   *     cover every source
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Dataset(String digest, Long rows, List<SourceRead> sources) {

    public Dataset {
      sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** A data set read from one source, reported without the per-source list. */
    public Dataset(String digest, Long rows) {
      this(digest, rows, List.of());
    }
  }

  /**
   * One source of a data set, as read.
   *
   * @param uri the source as the run named it
   * @param digest {@code sha256:<hex>} of the bytes read from it: a file's bytes; for a directory
   *     the complete lines of its {@code *.csv} files, in name order, concatenated; the digest of
   *     no bytes for an empty or absent one
   * @param rows data rows read from it (headers excluded); 0 for an empty source
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SourceRead(String uri, String digest, Long rows) {}

  /**
   * @param uri location of the bundle directory, as the trainer wrote it
   * @param digest digest over the bundle's files, {@code sha256:<hex>}
   * @param format the bundle's model format, for example {@code drover-mlp}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Bundle(String uri, String digest, String format) {}

  /**
   * The rows each part of the split got, and how many held-out rows leak: a row of the test (or
   * validation) split whose feature values and label exactly equal a training row's was, in effect,
   * trained on, so metrics over it overstate how the model does on unseen data.
   *
   * @param train rows trained on
   * @param validation rows held out for validation loss
   * @param test rows held out for the reported metrics
   * @param leakedTestRows test rows that duplicate a training row (features and label)
   * @param leakedValidationRows validation rows that duplicate a training row
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Split(
      Long train, Long validation, Long test, Long leakedTestRows, Long leakedValidationRows) {}

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
