package io.drover.operator.inferenceservice.rollout;

import io.drover.operator.api.common.Conditions;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.FailedVersion;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RolloutPhase;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RolloutStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingState;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.status.ConditionSet;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Ready, Progressing and Degraded from the facts a decision established, so {@code kubectl wait
 * --for=condition=Ready} and Argo CD's health see the service as it is.
 *
 * <ul>
 *   <li>Ready: the stable version has a ready replica and the router routes to it — or it is scaled
 *       to zero or waking, so the router holds requests and wakes it (False outside the active
 *       windows, where requests are refused).
 *   <li>Progressing: a rollout is moving (False while paused, and once it ended).
 *   <li>Degraded: what spec.model asks for is not served — its version failed or was rolled back,
 *       it resolves to nothing, the first version cannot start — or the stable version breaks the
 *       analysis thresholds itself, or spec.scaling asks for what cannot be done, or the retraining
 *       circuit breaker stopped automatic runs.
 * </ul>
 */
final class ServiceConditions {

  /** What the conditions are derived from. */
  record Facts(
      VariantStatus stable,
      VariantStatus candidate,
      RolloutStatus rollout,
      boolean routerReady,
      String url,
      ScalingStatus scaling,
      Optional<String> scalingProblem,
      Optional<String> retrainingProblem,
      Optional<String> unresolved,
      Optional<String> stableProblem,
      Optional<FailedVersion> desiredFailed) {}

  private ServiceConditions() {}

  static List<Condition> of(List<Condition> previous, long generation, Instant now, Facts facts) {
    ConditionSet conditions = new ConditionSet(previous, generation, now);
    ready(conditions, facts);
    progressing(conditions, facts);
    degraded(conditions, facts);
    return conditions.build();
  }

  private static void ready(ConditionSet conditions, Facts facts) {
    VariantStatus stable = facts.stable();
    if (stable == null) {
      conditions.set(
          Conditions.READY,
          false,
          facts.unresolved().isPresent() ? "ModelNotFound" : "NoVersion",
          facts.unresolved().orElse("no version to serve yet"));
    } else if (facts.scaling() != null
        && facts.scaling().state() == ScalingState.OutsideWindow
        && Objects.equals(facts.scaling().version(), stable.version())) {
      conditions.set(Conditions.READY, false, "OutsideWindow", facts.scaling().message());
    } else if (stable.readyReplicas() == null || stable.readyReplicas() == 0) {
      if (asleepOrWaking(facts, stable)) {
        // It answers: the router holds the request and wakes it, as Knative reports it too.
        conditions.set(
            Conditions.READY,
            true,
            facts.scaling().state().name(),
            "%s; serves at %s".formatted(facts.scaling().message(), facts.url()));
        return;
      }
      conditions.set(
          Conditions.READY,
          false,
          "StableNotReady",
          facts
              .stableProblem()
              .orElse(
                  "v%d is starting: no replica has its model loaded yet"
                      .formatted(stable.version())));
    } else if (!facts.routerReady()) {
      conditions.set(
          Conditions.READY, false, "RouterNotReady", "the router has no ready replica yet");
    } else {
      conditions.set(
          Conditions.READY,
          true,
          "Serving",
          "v%d (%s) serves at %s".formatted(stable.version(), stable.modelVersion(), facts.url()));
    }
  }

  private static boolean asleepOrWaking(Facts facts, VariantStatus stable) {
    ScalingStatus scaling = facts.scaling();
    return scaling != null
        && (scaling.state() == ScalingState.ScaledToZero || scaling.state() == ScalingState.Waking)
        && Objects.equals(scaling.version(), stable.version())
        && facts.stableProblem().isEmpty()
        && facts.routerReady();
  }

  private static void progressing(ConditionSet conditions, Facts facts) {
    RolloutStatus rollout = facts.rollout();
    RolloutPhase phase =
        rollout == null || rollout.phase() == null ? RolloutPhase.Idle : rollout.phase();
    String message =
        rollout == null || rollout.message() == null ? "no rollout" : rollout.message();
    if (facts.stableProblem().isPresent()) {
      conditions.set(Conditions.PROGRESSING, false, "StableNotReady", facts.stableProblem().get());
      return;
    }
    switch (phase) {
      case Deploying ->
          conditions.set(
              Conditions.PROGRESSING,
              true,
              facts.candidate() == null ? "Deploying" : "CandidateDeploying",
              message);
      case SmokeTesting -> conditions.set(Conditions.PROGRESSING, true, "SmokeTesting", message);
      case Progressing ->
          conditions.set(Conditions.PROGRESSING, true, "RolloutInProgress", message);
      case Paused -> conditions.set(Conditions.PROGRESSING, false, "RolloutPaused", message);
      case Idle -> conditions.set(Conditions.PROGRESSING, false, "Stable", message);
      default -> conditions.set(Conditions.PROGRESSING, false, phase.name(), message);
    }
  }

  private static void degraded(ConditionSet conditions, Facts facts) {
    RolloutStatus rollout = facts.rollout();
    if (facts.desiredFailed().isPresent()) {
      FailedVersion failed = facts.desiredFailed().get();
      conditions.set(
          Conditions.DEGRADED,
          true,
          failed.reason(),
          "v%d is not served: %s%s"
              .formatted(
                  failed.version(),
                  failed.message(),
                  facts.stable() == null
                      ? ""
                      : "; v%d serves".formatted(facts.stable().version())));
    } else if (facts.stableProblem().isPresent()) {
      conditions.set(Conditions.DEGRADED, true, "StableNotReady", facts.stableProblem().get());
    } else if (facts.unresolved().isPresent() && facts.stable() != null) {
      conditions.set(
          Conditions.DEGRADED,
          true,
          "ModelNotFound",
          facts.unresolved().get() + "; v%d still serves".formatted(facts.stable().version()));
    } else if (rollout != null
        && rollout.phase() == RolloutPhase.Paused
        && rollout.lastAnalysis() != null
        && Boolean.FALSE.equals(rollout.lastAnalysis().baselineHealthy())) {
      conditions.set(Conditions.DEGRADED, true, "BaselineUnhealthy", rollout.message());
    } else if (facts.scalingProblem().isPresent()) {
      conditions.set(Conditions.DEGRADED, true, "ScalingNotPossible", facts.scalingProblem().get());
    } else if (facts.retrainingProblem().isPresent()) {
      conditions.set(
          Conditions.DEGRADED, true, "RetrainingBreakerOpen", facts.retrainingProblem().get());
    } else {
      conditions.set(Conditions.DEGRADED, false, "Healthy", "serving as the spec asks");
    }
  }
}
