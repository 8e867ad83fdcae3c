package io.drover.operator.inferenceservice.retraining;

import io.drover.operator.api.trainingrun.TrainingPhase;

/**
 * What a retraining TrainingRun shows.
 *
 * @param phase null before the run's controller wrote a status
 * @param modelVersion the ModelVersion it registered, once it did
 * @param message the run's own sentence on why it failed or what it does
 */
public record RunObservation(
    String name, String uid, TrainingPhase phase, String modelVersion, String message) {

  /**
   * A run the API refused to create (the template makes an invalid TrainingRun): it fails its cycle
   * at once, as a failed run would, instead of being created again and again.
   *
   * @param refusal the API's reason, which names the field
   */
  public static RunObservation refused(String name, String refusal) {
    return new RunObservation(
        name,
        null,
        TrainingPhase.Failed,
        null,
        "the API refused to create it (%s); fix spec.retraining.template".formatted(refusal));
  }
}
