package io.drover.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.testing.PodFailurePolicies.Action;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import org.junit.jupiter.api.Test;

class PodFailurePoliciesTest {

  static Pod failed(String container, int exitCode, String conditionType) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("p-1")
            .withNamespace("ns")
            .endMetadata()
            .withNewStatus()
            .withPhase("Failed")
            .addToContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(container)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(exitCode)
                    .endTerminated()
                    .endState()
                    .build())
            .endStatus();
    if (conditionType != null) {
      pod.editStatus()
          .addNewCondition()
          .withType(conditionType)
          .withStatus("True")
          .endCondition()
          .endStatus();
    }
    return pod.build();
  }

  static PodFailurePolicy policy() {
    return new PodFailurePolicyBuilder()
        .addNewRule()
        .withAction("Ignore")
        .withNewOnExitCodes()
        .withOperator("In")
        .withValues(4)
        .endOnExitCodes()
        .endRule()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName("trainer")
        .withOperator("In")
        .withValues(1, 2)
        .endOnExitCodes()
        .endRule()
        .addNewRule()
        .withAction("Ignore")
        .addNewOnPodCondition()
        .withType("DisruptionTarget")
        .endOnPodCondition()
        .endRule()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withOperator("NotIn")
        .withValues(3, 4)
        .endOnExitCodes()
        .endRule()
        .build();
  }

  @Test
  void theFirstMatchingRuleDecidesWithTheControllersMessage() {
    var verdict = PodFailurePolicies.judge(policy(), failed("trainer", 2, null));
    assertThat(verdict.action()).isEqualTo(Action.FailJob);
    assertThat(verdict.message())
        .isEqualTo(
            "Container trainer for pod ns/p-1 failed with exit code 2 matching FailJob rule at index 1");
    assertThat(PodFailurePolicies.judge(policy(), failed("trainer", 4, null)).action())
        .isEqualTo(Action.Ignore);
  }

  @Test
  void containerNameRestrictsAnExitCodeRule() {
    // Exit 1 of another container skips rule 1 and is caught by NotIn [3, 4] at index 3.
    var verdict = PodFailurePolicies.judge(policy(), failed("sidecar", 1, null));
    assertThat(verdict.message()).endsWith("matching FailJob rule at index 3");
  }

  @Test
  void podConditionsMatchByTypeWithStatusTrueByDefault() {
    assertThat(
            PodFailurePolicies.judge(policy(), failed("trainer", 3, "DisruptionTarget")).action())
        .isEqualTo(Action.Ignore);
  }

  @Test
  void noMatchCountsAndExitZeroNeverMatchesEvenNotIn() {
    assertThat(PodFailurePolicies.judge(policy(), failed("trainer", 3, null)).action())
        .isEqualTo(Action.Count);
    assertThat(PodFailurePolicies.judge(policy(), failed("trainer", 0, null)).action())
        .isEqualTo(Action.Count);
    assertThat(PodFailurePolicies.judge(null, failed("trainer", 1, null)).action())
        .isEqualTo(Action.Count);
  }
}
