package io.drover.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.ArrayList;
import java.util.List;

/**
 * A Job's {@code podFailurePolicy} applied to a failed pod as the Job controller applies it: rules
 * in order, the first that matches decides. {@code onExitCodes} looks at terminated containers (the
 * named one, or any) with a non-zero exit code, {@code In} or {@code NotIn} the values — main
 * containers first, then init containers; {@code onPodConditions} at the pod's conditions (type and
 * status, status True by default).
 */
public final class PodFailurePolicies {
  // The same rules as local mode's Job controller (io.drover.local.runner.jobs), which this module
  // cannot depend on.

  private PodFailurePolicies() {}

  /** What the policy says about one failed pod. */
  public enum Action {
    FailJob,
    FailIndex,
    Ignore,
    Count
  }

  /** The matching rule's action, and for FailJob the message the Job's condition carries. */
  public record Verdict(Action action, String message) {
    static final Verdict COUNT = new Verdict(Action.Count, null);
  }

  /** The verdict on a failed pod; Count when no rule matches (or there is no policy). */
  public static Verdict judge(PodFailurePolicy policy, Pod pod) {
    if (policy == null || policy.getRules() == null) {
      return Verdict.COUNT;
    }
    List<PodFailurePolicyRule> rules = policy.getRules();
    for (int index = 0; index < rules.size(); index++) {
      PodFailurePolicyRule rule = rules.get(index);
      Action action = Action.valueOf(rule.getAction());
      if (rule.getOnExitCodes() != null) {
        ContainerStatus matched = matchExitCodes(pod, rule.getOnExitCodes());
        if (matched != null) {
          String message =
              action == Action.FailJob
                  ? "Container %s for pod %s/%s failed with exit code %d matching %s rule at index %d"
                      .formatted(
                          matched.getName(),
                          pod.getMetadata().getNamespace(),
                          pod.getMetadata().getName(),
                          matched.getState().getTerminated().getExitCode(),
                          action,
                          index)
                  : null;
          return new Verdict(action, message);
        }
      } else if (rule.getOnPodConditions() != null && !rule.getOnPodConditions().isEmpty()) {
        PodCondition matched = matchConditions(pod, rule.getOnPodConditions());
        if (matched != null) {
          String message =
              action == Action.FailJob
                  ? "Pod %s/%s has condition %s matching %s rule at index %d"
                      .formatted(
                          pod.getMetadata().getNamespace(),
                          pod.getMetadata().getName(),
                          matched.getType(),
                          action,
                          index)
                  : null;
          return new Verdict(action, message);
        }
      }
    }
    return Verdict.COUNT;
  }

  private static ContainerStatus matchExitCodes(
      Pod pod, PodFailurePolicyOnExitCodesRequirement requirement) {
    if (pod.getStatus() == null) {
      return null;
    }
    List<ContainerStatus> ordered = new ArrayList<>();
    if (pod.getStatus().getContainerStatuses() != null) {
      ordered.addAll(pod.getStatus().getContainerStatuses());
    }
    if (pod.getStatus().getInitContainerStatuses() != null) {
      ordered.addAll(pod.getStatus().getInitContainerStatuses());
    }
    for (ContainerStatus status : ordered) {
      if (status.getState() == null || status.getState().getTerminated() == null) {
        continue; // still terminating: no exit code to match yet
      }
      if (requirement.getContainerName() != null
          && !requirement.getContainerName().equals(status.getName())) {
        continue;
      }
      int code = status.getState().getTerminated().getExitCode();
      if (code == 0) {
        continue; // a container that succeeded never matches, not even NotIn
      }
      boolean in = requirement.getValues() != null && requirement.getValues().contains(code);
      if ("In".equals(requirement.getOperator()) == in) {
        return status;
      }
    }
    return null;
  }

  private static PodCondition matchConditions(
      Pod pod, List<PodFailurePolicyOnPodConditionsPattern> patterns) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    for (PodCondition condition : pod.getStatus().getConditions()) {
      for (PodFailurePolicyOnPodConditionsPattern pattern : patterns) {
        String status = pattern.getStatus() == null ? "True" : pattern.getStatus();
        if (condition.getType().equals(pattern.getType()) && condition.getStatus().equals(status)) {
          return condition;
        }
      }
    }
    return null;
  }
}
