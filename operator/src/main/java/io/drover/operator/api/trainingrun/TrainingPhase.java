package io.drover.operator.api.trainingrun;

/** Where a run is in its life. Succeeded and Failed are final. */
public enum TrainingPhase {
  /** Accepted; the trainer pod is being created or waits to be scheduled. */
  Pending,
  /** The trainer is checking the data before training. */
  ValidatingData,
  /** The trainer is training. */
  Running,
  /** A model bundle was written and its metrics reported. */
  Succeeded,
  /** The run ended without a model; status.message says why. */
  Failed;

  public boolean isFinal() {
    return this == Succeeded || this == Failed;
  }
}
