package io.drover.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start gate of runs with active windows, and what a held Job means for the run, pure. */
class StartWindowTest {

  static final Instant MONDAY_6AM = TrainingRunWindowTest.MONDAY_6AM;
  final TrainingRun run =
      TrainingRunWindowTest.run("iris-1", TrainingRunWindowTest.OFFICE_HOURS, "");
  final Job desired =
      new JobBuilder()
          .withNewMetadata()
          .withName("iris-1-train")
          .withCreationTimestamp(MONDAY_6AM.toString())
          .endMetadata()
          .withNewSpec()
          .endSpec()
          .build();

  @Test
  void closedUntilTheOpeningAndLooksAgainThen() {
    assertThat(StartWindow.at(run, MONDAY_6AM))
        .isEqualTo(new StartWindow.Closed(Instant.parse("2025-03-03T08:00:00Z")));
    assertThat(StartWindow.untilOpening(run, MONDAY_6AM)).isEqualTo(Duration.ofHours(2));
    assertThat(StartWindow.at(run, Instant.parse("2025-03-03T08:00:00Z")))
        .isInstanceOf(StartWindow.Open.class);
    assertThat(StartWindow.untilOpening(run, Instant.parse("2025-03-03T12:00:00Z"))).isZero();
  }

  @Test
  void runWithoutWindowsMayAlwaysStart() {
    assertThat(StartWindow.at(TrainingRunLifecycleTest.run("iris-1", 0, null), MONDAY_6AM))
        .isInstanceOf(StartWindow.Open.class);
  }

  @Test
  void heldJobIsSuspendedAndToldApartFromOneAQueueSuspends() {
    Job held = StartWindow.held(desired);
    assertThat(held.getSpec().getSuspend()).isTrue();
    assertThat(StartWindow.isHeld(held)).isTrue();

    Job queued = new JobBuilder(desired).editSpec().withSuspend(true).endSpec().build();
    assertThat(StartWindow.isHeld(queued)).isFalse();
    Job resumed =
        new JobBuilder(held)
            .editMetadata()
            .addToAnnotations(StartWindow.OPENED_ANNOTATION, "2025-03-03T08:00:01Z")
            .endMetadata()
            .build();
    assertThat(StartWindow.isHeld(resumed)).as("resumed, then suspended by someone else").isFalse();
  }

  @Test
  void pendingTimeoutOfAResumedJobCountsFromTheOpeningNotFromItsCreation() {
    TrainingProgress progress = new TrainingProgress(Duration.ofMinutes(15));
    TrainingRun strict = TrainingRunLifecycleTest.run("iris-1", 0, "15m");
    Instant opened = MONDAY_6AM.plus(Duration.ofHours(2));
    Job resumed =
        new JobBuilder(StartWindow.held(desired))
            .editMetadata()
            .addToAnnotations(StartWindow.OPENED_ANNOTATION, opened.toString())
            .endMetadata()
            .editSpec()
            .withSuspend(false)
            .endSpec()
            .build();

    assertThat(progress.assess(strict, resumed, List.of(), opened.plusSeconds(14 * 60)).phase())
        .isEqualTo(TrainingPhase.Pending);
    assertThat(progress.untilPendingTimeout(strict, resumed, List.of(), opened))
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(progress.assess(strict, resumed, List.of(), opened.plusSeconds(15 * 60)).reason())
        .isEqualTo("PendingTimeout");
  }

  @Test
  void gpuAndCpuSecondsAddUpOverRetries() {
    TrainingProgress progress = new TrainingProgress(Duration.ofMinutes(15));
    Instant start = MONDAY_6AM.plus(Duration.ofHours(3));
    Pod first = terminated("iris-1-train-0", start, start.plusSeconds(100), 1, "out of memory");
    Pod second =
        terminated(
            "iris-1-train-1",
            start.plusSeconds(110),
            start.plusSeconds(310),
            0,
            TrainingRunLifecycleTest.RESULT);
    Job complete =
        new JobBuilder(desired)
            .withNewStatus()
            .addNewCondition()
            .withType("Complete")
            .withStatus("True")
            .endCondition()
            .withCompletionTime(start.plusSeconds(310).toString())
            .endStatus()
            .build();

    // resources {cpu: 500m, gpus: 2}: 100 s + 200 s of training; the 10 s between pods are not.
    TrainingAssessment done =
        progress.assess(run, complete, List.of(first, second), start.plusSeconds(400));
    assertThat(done.phase()).isEqualTo(TrainingPhase.Succeeded);
    assertThat(done.gpuSeconds()).isEqualTo(600);
    assertThat(done.cpuSeconds()).isEqualTo(150);
  }

  private static Pod terminated(
      String name, Instant started, Instant finished, int exitCode, String message) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withCreationTimestamp(started.minusSeconds(1).toString())
        .endMetadata()
        .withNewStatus()
        .addNewContainerStatus()
        .withName(TrainingJobBuilder.CONTAINER)
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withMessage(message)
        .withStartedAt(started.toString())
        .withFinishedAt(finished.toString())
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }
}
