package io.drover.operator.inferenceservice.scaling;

import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingStatus;
import io.drover.operator.inferenceservice.rollout.Announcement;
import io.drover.operator.metrics.OperatorMetrics.ComputeSeconds;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A scaling decision: the status to persist, and what it means for the serving objects.
 *
 * @param status the new status.scaling
 * @param problem why something asked for in spec.scaling cannot be done, for Degraded
 * @param counted the compute counted by this decision, for the Prometheus counters once persisted
 * @param requeue when to look again (idle deadline, window change, wake deadline, next count)
 */
public record ScalingPlan(
    ScalingStatus status,
    Optional<String> problem,
    ComputeSeconds counted,
    Optional<Duration> requeue,
    List<Announcement> announcements) {

  /** Whether the stable version (of status.version) runs no replica by design. */
  public boolean asleep() {
    return status != null && status.asleep();
  }
}
