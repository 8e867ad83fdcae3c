package io.drover.operator.inferenceservice.rollout;

import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.MonitoringStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RetrainingStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.SmokeTestResult;
import io.drover.operator.inferenceservice.ServedVersion;
import io.drover.operator.inferenceservice.scaling.ScalingPlan;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything a rollout decision depends on. The optional observations are present only when {@link
 * RolloutPlanner#needs} asked for them.
 *
 * @param service the spec, generation and current status (the state machine's state)
 * @param desired what spec.model resolves to now, empty when it resolves to nothing
 * @param scaling the scaling decision already made: a stable version asleep runs no replica
 * @param monitoring status.monitoring as just read, or as before when no reading was due
 * @param retraining status.retraining as the retraining decision already made left it
 * @param retrainingProblem why automatic retraining is stopped, for Degraded
 */
public record RolloutInput(
    InferenceService service,
    Optional<ServedVersion> desired,
    ServingObservation observed,
    Optional<SmokeTestResult> smokeTest,
    Optional<StrategyEvidence> evidence,
    Optional<RolloutFigures> figures,
    ScalingPlan scaling,
    MonitoringStatus monitoring,
    RetrainingStatus retraining,
    Optional<String> retrainingProblem,
    Instant now) {

  /** An input without monitoring figures or retraining, as the rollout alone sees it. */
  public RolloutInput(
      InferenceService service,
      Optional<ServedVersion> desired,
      ServingObservation observed,
      Optional<SmokeTestResult> smokeTest,
      Optional<StrategyEvidence> evidence,
      Optional<RolloutFigures> figures,
      ScalingPlan scaling,
      Instant now) {
    this(
        service,
        desired,
        observed,
        smokeTest,
        evidence,
        figures,
        scaling,
        service.getStatus() == null ? null : service.getStatus().monitoring(),
        service.getStatus() == null ? null : service.getStatus().retraining(),
        Optional.empty(),
        now);
  }
}
