package io.drover.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.trainingrun.TrainingPhase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Phases and messages decided from a Job and its pods, without an API server. */
class TrainingProgressTest {

  final TrainingProgress progress = new TrainingProgress(Duration.ofMinutes(15));
  final Instant created = Instant.parse("2026-11-22T10:00:00Z");
  final Job job =
      new JobBuilder()
          .withNewMetadata()
          .withName("iris-1-train")
          .withCreationTimestamp(created.toString())
          .endMetadata()
          .withNewSpec()
          .endSpec()
          .build();

  @Test
  void podThatCannotPullItsImageSaysSoWhilePending() {
    TrainingAssessment assessment =
        progress.assess(
            TrainingRunLifecycleTest.run("iris-1", 0, null),
            job,
            List.of(waitingPod("ImagePullBackOff", "Back-off pulling image \"drover/trainer:x\"")),
            created.plusSeconds(60));

    assertThat(assessment.phase()).isEqualTo(TrainingPhase.Pending);
    assertThat(assessment.message())
        .isEqualTo(
            "waiting for pod iris-1-train-0 to start: ImagePullBackOff: Back-off pulling image"
                + " \"drover/trainer:x\"");
  }

  @Test
  void defaultPendingTimeoutAppliesWhenTheRunSetsNone() {
    var run = TrainingRunLifecycleTest.run("iris-1", 0, null);

    assertThat(progress.assess(run, job, List.of(), created.plus(Duration.ofMinutes(14))).phase())
        .isEqualTo(TrainingPhase.Pending);
    TrainingAssessment late =
        progress.assess(run, job, List.of(), created.plus(Duration.ofMinutes(15)));
    assertThat(late.phase()).isEqualTo(TrainingPhase.Failed);
    assertThat(late.message())
        .isEqualTo("pending longer than pendingTimeout (15m): no node could run the trainer pod");
    assertThat(late.deleteJob()).isTrue();
  }

  private Pod waitingPod(String reason, String message) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("iris-1-train-0")
        .withCreationTimestamp(created.toString())
        .endMetadata()
        .withNewStatus()
        .withPhase("Pending")
        .addNewContainerStatus()
        .withName("trainer")
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }
}
