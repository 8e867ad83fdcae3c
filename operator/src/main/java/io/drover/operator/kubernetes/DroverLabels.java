package io.drover.operator.kubernetes;

/** Labels every controller puts on the objects it manages, and the selector that finds them. */
public final class DroverLabels {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "drover-operator";
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
  public static final String MODEL_LABEL = "drover.io/model";

  /**
   * Names the TrainingRun an object comes from: as a label (bounded to 63 characters) to select by,
   * as an annotation in full to map events back to the run.
   */
  public static final String TRAINING_RUN_LABEL = "drover.io/training-run";

  /** Equality selector of everything the operator manages (set-based selectors are avoided). */
  public static final String MANAGED_SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY;

  private DroverLabels() {}

  /** The value of {@link #TRAINING_RUN_LABEL} for a run: its name, bounded to a label's length. */
  public static String trainingRunLabelValue(String run) {
    return ObjectNames.bounded(run, "");
  }
}
