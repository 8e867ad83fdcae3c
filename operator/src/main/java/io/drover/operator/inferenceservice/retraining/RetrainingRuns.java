package io.drover.operator.inferenceservice.retraining;

import io.drover.operator.kubernetes.ObjectNames;

/** Names of the TrainingRuns a service's retraining creates. */
public final class RetrainingRuns {

  private RetrainingRuns() {}

  /** The run of a service's n-th cycle: the same after any restart, so it is created once. */
  public static String name(String service, int cycle) {
    return ObjectNames.bounded(service, "-retrain-" + cycle);
  }
}
