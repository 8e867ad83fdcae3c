package io.drover.contract;

/**
 * The environment variables through which the operator hands a training container its inputs. Any
 * trainer image implements the contract by reading these; the built-in trainer is the reference.
 */
public final class TrainerEnvironment {

  /** Name of the TrainingRun this container works for. */
  public static final String RUN = "DROVER_RUN";

  /** Registry name of the model being trained. */
  public static final String MODEL = "DROVER_MODEL";

  /** Where the data set is: a path inside the container, or an object-store or HTTP URI. */
  public static final String DATASET_URI = "DROVER_DATASET_URI";

  /**
   * Further data sources read together with {@link #DATASET_URI} as one data set: a JSON array of
   * {@code {"uri": "...", "version": "..."}} objects ({@code version} optional), written and read
   * by {@link DatasetSources}. Absent or {@code []}: the data set is {@link #DATASET_URI} alone.
   * Every source has the same header as {@link #DATASET_URI}; a source may be a directory (its
   * {@code *.csv} files in name order, as a {@link io.drover.contract.serving.FeedbackDataset}
   * holds them) and may be empty, where {@link #DATASET_URI} must have rows.
   */
  public static final String DATASET_SOURCES = "DROVER_DATASET_SOURCES";

  /** The data set version the run asked for, when it named one. */
  public static final String DATASET_VERSION = "DROVER_DATASET_VERSION";

  /** Hyperparameters as a JSON object of strings. */
  public static final String HYPERPARAMETERS = "DROVER_HYPERPARAMETERS";

  /** Where the model bundle is to be written. */
  public static final String OUTPUT_URI = "DROVER_OUTPUT_URI";

  /** Index of the hyperparameter-search trial, set only when the run searches. */
  public static final String TRIAL = "DROVER_TRIAL";

  /** Bundle of the model to validate new data against (the current Production version). */
  public static final String REFERENCE_URI = "DROVER_REFERENCE_URI";

  /** Data-validation settings as a JSON object. */
  public static final String VALIDATION = "DROVER_VALIDATION";

  /**
   * A file the trainer creates once its data passed validation and training begins. The operator
   * gives the built-in trainer one and a readiness probe on it, so a run shows ValidatingData until
   * then and Running after. Optional for other trainers.
   */
  public static final String TRAINING_MARKER = "DROVER_TRAINING_MARKER";

  /** File the result is written to; {@value #DEFAULT_TERMINATION_LOG} inside a pod. */
  public static final String TERMINATION_LOG = "DROVER_TERMINATION_LOG";

  /** Kubernetes reads a container's termination message from this file by default. */
  public static final String DEFAULT_TERMINATION_LOG = "/dev/termination-log";

  /** What the container is to do: {@value #MODE_TRAIN} (the default) or {@value #MODE_EVALUATE}. */
  public static final String MODE = "DROVER_MODE";

  /** Train a model on the data set and write its bundle. */
  public static final String MODE_TRAIN = "train";

  /**
   * Compute a bundle's metrics on the data set without training, so the registry can compare a
   * candidate with the Production model on the same test data.
   */
  public static final String MODE_EVALUATE = "evaluate";

  /** In evaluate mode: the bundle whose model is evaluated. */
  public static final String BUNDLE_URI = "DROVER_BUNDLE_URI";

  private TrainerEnvironment() {}
}
