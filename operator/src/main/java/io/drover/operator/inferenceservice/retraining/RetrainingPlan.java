package io.drover.operator.inferenceservice.retraining;

import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RetrainingCycle;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RetrainingStatus;
import io.drover.operator.inferenceservice.rollout.Announcement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A retraining decision.
 *
 * @param status the new status.retraining, persisted before anything is created
 * @param runsToCreate cycles whose TrainingRun is to exist and was not seen yet
 * @param problem why automatic retraining is stopped (the breaker), for Degraded
 * @param requeue when to look again: the schedule's next firing
 */
public record RetrainingPlan(
    RetrainingStatus status,
    List<RetrainingCycle> runsToCreate,
    Optional<String> problem,
    List<Announcement> announcements,
    Optional<Duration> requeue) {

  /** Whether the breaker stops automatic runs. */
  public boolean breakerOpen() {
    return problem.isPresent();
  }
}
