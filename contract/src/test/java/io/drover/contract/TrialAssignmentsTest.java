package io.drover.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrialAssignmentsTest {

  static final List<TrialAssignments.Assignment> RUNG =
      List.of(
          new TrialAssignments.Assignment(9, Map.of("learningRate", "0.01", "epochs", "30")),
          new TrialAssignments.Assignment(10, Map.of("learningRate", "0.1", "epochs", "30")));

  @Test
  void eachIndexOfTheJobFindsItsOwnTrialOverTheRunsHyperparameters() {
    Map<String, String> env =
        Map.of(
            "DROVER_TRIALS", TrialAssignments.encode(RUNG),
            "JOB_COMPLETION_INDEX", "1",
            "DROVER_OUTPUT_URI", "/models/iris/iris-sh/");

    TrialAssignments.Selected selected =
        TrialAssignments.select(env, Map.of("epochs", "100", "seed", "42")).orElseThrow();

    assertThat(selected.trial()).isEqualTo(10);
    assertThat(selected.hyperparameters())
        .isEqualTo(Map.of("learningRate", "0.1", "epochs", "30", "seed", "42"));
    assertThat(selected.outputUri()).isEqualTo("/models/iris/iris-sh/trial-10");
    assertThat(TrialAssignments.decode(TrialAssignments.encode(RUNG))).isEqualTo(RUNG);
  }

  @Test
  void aRunThatDoesNotSearchSelectsNothing() {
    assertThat(TrialAssignments.select(Map.of("JOB_COMPLETION_INDEX", "0"), Map.of())).isEmpty();
  }

  @Test
  void malformedAssignmentsNameTheVariable() {
    assertThatThrownBy(() -> TrialAssignments.decode("{\"trial\":0}"))
        .hasMessageStartingWith("DROVER_TRIALS must be a JSON array");
    assertThatThrownBy(
            () ->
                TrialAssignments.select(
                    Map.of(
                        "DROVER_TRIALS",
                        TrialAssignments.encode(RUNG),
                        "JOB_COMPLETION_INDEX",
                        "two"),
                    Map.of()))
        .hasMessage("JOB_COMPLETION_INDEX=two is not a whole number");
  }
}
