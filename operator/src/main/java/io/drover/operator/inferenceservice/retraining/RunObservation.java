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
    String name, String uid, TrainingPhase phase, String modelVersion, String message) {}
