package io.drover.operator.inferenceservice.rollout;

import io.drover.operator.api.inferenceservice.Rollout;
import io.drover.operator.api.inferenceservice.Rollout.RolloutStrategy;
import java.time.Duration;
import java.util.List;

/**
 * What one step of a strategy gives the candidate: its share of client traffic, its share of
 * mirrored copies, its replicas, how long the step holds before the decision, and how it is
 * analysed.
 *
 * @param last whether passing this step ends the strategy (promote, or go on to the canary)
 */
public record TrafficStep(
    int weight, int mirrorPercent, int replicas, Duration hold, Analyzer.Mode mode, boolean last) {

  /** BlueGreen's second step: switched, the previous version kept for switching back. */
  public static final int SWITCHED = 1;

  public static TrafficStep of(
      RolloutStrategy strategy, int step, Rollout rollout, ReplicaBudget budget) {
    return switch (strategy) {
      case Canary -> {
        List<Rollout.RolloutStep> steps = rollout.stepsOrDefault();
        Rollout.RolloutStep current = steps.get(Math.min(step, steps.size() - 1));
        yield new TrafficStep(
            current.weight(),
            0,
            budget.forShare(current.weight()),
            current.pauseOrDefault(),
            Analyzer.Mode.TRAFFIC,
            step >= steps.size() - 1);
      }
      case Shadow ->
          new TrafficStep(
              0,
              rollout.mirrorPercentOrDefault(),
              budget.forShare(rollout.mirrorPercentOrDefault()),
              rollout.observeForOrDefault(),
              Analyzer.Mode.MIRRORED,
              true);
      case BlueGreen ->
          step < SWITCHED
              ? new TrafficStep(
                  0,
                  100,
                  budget.size(),
                  rollout.observeForOrDefault(),
                  Analyzer.Mode.MIRRORED,
                  false)
              : new TrafficStep(
                  100,
                  0,
                  budget.size(),
                  rollout.keepPreviousForOrDefault(),
                  Analyzer.Mode.SOLO,
                  true);
      case AbTest -> {
        int weight = rollout.candidateWeightOrDefault();
        yield new TrafficStep(
            weight,
            0,
            budget.forShare(weight),
            rollout.analysisOrDefault().intervalOrDefault(),
            Analyzer.Mode.TRAFFIC,
            false);
      }
      case Immediate, Auto ->
          throw new IllegalArgumentException(strategy + " has no traffic steps");
    };
  }

  /** Replicas the candidate starts with before any traffic: full size only for BlueGreen. */
  public static int startingReplicas(RolloutStrategy strategy, ReplicaBudget budget) {
    return strategy == RolloutStrategy.BlueGreen ? budget.size() : 1;
  }
}
