package io.drover.operator.inferenceservice.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.common.RetrainingTrigger.Reason;
import io.drover.operator.api.common.Stage;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.CyclePhase;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.FeatureDrift;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RetrainingCycle;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RetrainingStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VersionMonitoring;
import io.drover.operator.api.inferenceservice.Monitoring;
import io.drover.operator.api.inferenceservice.Retraining;
import io.drover.operator.api.inferenceservice.Retraining.Triggers;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.inferenceservice.rollout.Announcement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The retraining state machine, reading by reading with a moving clock: each step feeds the last
 * status back in, as the reconciler does through status.retraining.
 */
class RetrainingPlannerTest {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  /** Plays successive reconciles of one service. */
  static final class Loop {
    Retraining spec;
    Instant now = T0;
    long generation = 1;
    String reset;
    RetrainingStatus status;
    RetrainingPlan last;
    final Map<String, RunObservation> runs = new HashMap<>();
    final Map<String, RegisteredVersion> versions = new HashMap<>();
    String stable = "iris-1";
    String candidate;
    final Map<String, String> rolledBack = new HashMap<>();

    Loop(Retraining spec) {
      this.spec = spec;
    }

    RetrainingPlan read(Optional<VersionMonitoring> reading) {
      last =
          RetrainingPlanner.plan(
              new RetrainingInput(
                  spec,
                  new Monitoring(0.2, null, "1m", null, null),
                  "iris",
                  generation,
                  reset,
                  status,
                  reading,
                  Map.copyOf(runs),
                  Map.copyOf(versions),
                  new ServingState(stable, candidate, Map.copyOf(rolledBack)),
                  now));
      status = last.status();
      return last;
    }

    RetrainingPlan drifted() {
      return read(Optional.of(reading(0.45, null, 0)));
    }

    RetrainingPlan calm() {
      return read(Optional.of(reading(0.05, null, 0)));
    }

    RetrainingPlan nothingRead() {
      return read(Optional.empty());
    }

    void minutes(long minutes) {
      now = now.plus(Duration.ofMinutes(minutes));
    }

    /** The run a started cycle asked for now exists with this phase, as its controller says. */
    void run(int cycle, TrainingPhase phase, String modelVersion, String message) {
      String name = RetrainingRuns.name("iris", cycle);
      runs.put(name, new RunObservation(name, "uid-" + cycle, phase, modelVersion, message));
    }

    RetrainingCycle cycle(int number) {
      return status.cycles().stream().filter(c -> c.number() == number).findFirst().orElseThrow();
    }

    List<String> reasons() {
      return last.announcements().stream().map(Announcement::reason).toList();
    }
  }

  static VersionMonitoring reading(double psi, Double accuracy, long labelled) {
    return new VersionMonitoring(
        1,
        "iris-1",
        "iris-v1",
        1,
        500L,
        500L,
        List.of(
            new FeatureDrift("petal_length", psi, 0.0, psi > 0.2),
            new FeatureDrift("sepal_width", 0.01, 0.0, false)),
        psi,
        0.0,
        psi > 0.2,
        accuracy,
        labelled);
  }

  static Retraining onDrift(int readings, String cooldown) {
    return new Retraining(
        null, new Triggers(true, readings, null, null, null, null, cooldown, 10), null, null);
  }

  @Nested
  class Drift {

    @Test
    void oneNoisyWindowStartsNothing() {
      Loop loop = new Loop(onDrift(3, "1h"));
      loop.drifted();
      loop.minutes(1);
      loop.calm();
      loop.minutes(1);
      loop.drifted();
      loop.minutes(1);
      loop.drifted();

      assertThat(loop.last.runsToCreate()).isEmpty();
      assertThat(loop.status.cycles()).isNull();
      assertThat(loop.status.driftedReadings()).isEqualTo(2);
    }

    @Test
    void driftSustainedForTheReadingsStartsExactlyOneRunWithinTheCooldown() {
      Loop loop = new Loop(onDrift(3, "1h"));
      loop.drifted();
      loop.minutes(1);
      loop.drifted();
      loop.minutes(1);
      RetrainingPlan third = loop.drifted();

      assertThat(third.runsToCreate()).hasSize(1);
      RetrainingCycle cycle = third.runsToCreate().get(0);
      assertThat(cycle.trainingRun()).isEqualTo("iris-retrain-1");
      assertThat(cycle.trigger().reason()).isEqualTo(Reason.Drift);
      assertThat(cycle.trigger().figures())
          .contains("petal_length psi 0.450")
          .contains("3 readings");
      assertThat(cycle.trigger().inferenceService()).isEqualTo("iris");
      assertThat(loop.reasons()).contains("RetrainingStarted");

      // The run trains, succeeds, registers a version that serves: drift goes on, but within the
      // hour no second run starts, whatever the readings say.
      loop.run(1, TrainingPhase.Running, null, null);
      for (int i = 0; i < 20; i++) {
        loop.minutes(1);
        loop.drifted();
        assertThat(loop.last.runsToCreate()).isEmpty();
      }
      loop.run(1, TrainingPhase.Succeeded, "iris-2", null);
      loop.stable = "iris-2";
      for (int i = 0; i < 30; i++) {
        loop.minutes(1);
        loop.drifted();
        assertThat(loop.last.runsToCreate()).isEmpty();
      }
      assertThat(loop.status.held()).startsWith("Drift trigger held: cooldown until");
      assertThat(loop.cycle(1).phase()).isEqualTo(CyclePhase.RolledOut);

      // After the cooldown, drift still there: the next cycle.
      loop.minutes(15);
      loop.drifted();
      loop.minutes(1);
      loop.drifted();
      loop.minutes(1);
      assertThat(loop.drifted().runsToCreate())
          .extracting(RetrainingCycle::trainingRun)
          .containsExactly("iris-retrain-2");
    }

    @Test
    void aShortWindowNeitherCountsNorResets() {
      Loop loop = new Loop(onDrift(2, "1h"));
      loop.drifted();
      loop.read(
          Optional.of(
              new VersionMonitoring(
                  1, "iris-1", "iris-v1", 1, 10L, 10L, null, null, null, null, null, 0L)));
      assertThat(loop.status.driftedReadings()).isEqualTo(1);
      assertThat(loop.drifted().runsToCreate()).hasSize(1);
    }

    @Test
    void reconcilesWithoutAFreshReadingDoNotCount() {
      Loop loop = new Loop(onDrift(2, "1h"));
      loop.drifted();
      loop.nothingRead();
      loop.nothingRead();
      assertThat(loop.status.driftedReadings()).isEqualTo(1);
      assertThat(loop.last.runsToCreate()).isEmpty();
    }

    @Test
    void aRolloutInProgressHoldsTheTrigger() {
      Loop loop = new Loop(onDrift(1, "1h"));
      loop.candidate = "iris-2";
      assertThat(loop.drifted().runsToCreate()).isEmpty();
      assertThat(loop.status.held()).contains("iris-2 is rolling out");
      loop.candidate = null;
      assertThat(loop.drifted().runsToCreate()).hasSize(1);
    }

    @Test
    void theDailyCapCountsRunsOfTheLast24Hours() {
      Retraining spec =
          new Retraining(null, new Triggers(true, 1, null, null, null, null, "1m", 2), null, null);
      Loop loop = new Loop(spec);
      for (int cycle = 1; cycle <= 2; cycle++) {
        assertThat(loop.drifted().runsToCreate()).hasSize(1);
        loop.run(cycle, TrainingPhase.Succeeded, "iris-" + (cycle + 1), null);
        loop.stable = "iris-" + (cycle + 1);
        loop.minutes(5);
        loop.nothingRead();
      }
      assertThat(loop.drifted().runsToCreate()).isEmpty();
      assertThat(loop.status.held()).contains("2 runs started in the last 24 hours");
      loop.minutes(24 * 60);
      assertThat(loop.drifted().runsToCreate()).hasSize(1);
    }
  }

  @Nested
  class Accuracy {

    Retraining below(double accuracy) {
      return new Retraining(
          null, new Triggers(null, null, accuracy, 50, null, null, "1h", null), null, null);
    }

    @Test
    void accuracyBelowTheBoundStartsARunOnceEnoughRowsAreLabelled() {
      Loop loop = new Loop(below(0.9));
      assertThat(loop.read(Optional.of(reading(0.01, 0.60, 49))).runsToCreate()).isEmpty();
      RetrainingPlan enough = loop.read(Optional.of(reading(0.01, 0.60, 50)));
      assertThat(enough.runsToCreate()).hasSize(1);
      assertThat(enough.runsToCreate().get(0).trigger().reason()).isEqualTo(Reason.Accuracy);
      assertThat(enough.runsToCreate().get(0).trigger().figures())
          .isEqualTo("v1 live accuracy 0.600 < 0.900 on 50 labelled rows");
    }

    @Test
    void accuracyAtTheBoundStartsNothing() {
      Loop loop = new Loop(below(0.9));
      assertThat(loop.read(Optional.of(reading(0.01, 0.90, 500))).runsToCreate()).isEmpty();
    }
  }

  @Nested
  class Schedule {

    Retraining cron(String schedule, String zone) {
      return new Retraining(
          null, new Triggers(null, null, null, null, schedule, zone, "1m", null), null, null);
    }

    @Test
    void theScheduleFiresOnceAtItsTimeInItsZone() {
      // 03:00 in Berlin is 02:00 UTC in December.
      Loop loop = new Loop(cron("0 3 * * *", "Europe/Berlin"));
      loop.nothingRead();
      assertThat(loop.status.nextScheduledTime()).isEqualTo("2026-12-02T02:00:00Z");
      assertThat(loop.last.requeue()).contains(Duration.ofHours(16));

      loop.now = Instant.parse("2026-12-02T01:59:00Z");
      assertThat(loop.nothingRead().runsToCreate()).isEmpty();
      loop.now = Instant.parse("2026-12-02T02:00:30Z");
      RetrainingPlan fired = loop.nothingRead();
      assertThat(fired.runsToCreate()).hasSize(1);
      assertThat(fired.runsToCreate().get(0).trigger().reason()).isEqualTo(Reason.Schedule);
      assertThat(fired.runsToCreate().get(0).trigger().figures()).contains("2026-12-02T02:00:00Z");

      loop.run(1, TrainingPhase.Succeeded, "iris-2", null);
      loop.stable = "iris-2";
      loop.minutes(5);
      assertThat(loop.nothingRead().runsToCreate()).isEmpty();
      assertThat(loop.status.nextScheduledTime()).isEqualTo("2026-12-03T02:00:00Z");
    }

    @Test
    void aScheduleAddedLaterDoesNotFireForThePast() {
      Loop loop = new Loop(cron("@hourly", null));
      loop.now = Instant.parse("2026-12-01T10:30:00Z");
      assertThat(loop.nothingRead().runsToCreate()).isEmpty();
      loop.now = Instant.parse("2026-12-01T12:10:00Z");
      // Two firings missed while the operator was away: one run, not two.
      assertThat(loop.nothingRead().runsToCreate()).hasSize(1);
    }
  }

  @Nested
  class Cycles {

    @Test
    void aRejectedCandidateEndsTheCycleAndNeverReachesServing() {
      Loop loop = new Loop(onDrift(1, "1m"));
      loop.drifted();
      loop.run(1, TrainingPhase.Succeeded, "iris-2", null);
      loop.versions.put(
          "iris-2",
          new RegisteredVersion("iris-2", Stage.Rejected, "policy: accuracy 0.41 < 0.90"));
      loop.nothingRead();

      RetrainingCycle cycle = loop.cycle(1);
      assertThat(cycle.phase()).isEqualTo(CyclePhase.Rejected);
      assertThat(cycle.modelVersion()).isEqualTo("iris-2");
      assertThat(cycle.message()).contains("accuracy 0.41 < 0.90");
      assertThat(cycle.endedAt()).isEqualTo(loop.now.toString());
      assertThat(loop.status.consecutiveFailures()).isEqualTo(1);
      assertThat(loop.reasons()).contains("RetrainingRejected");
    }

    @Test
    void theChainFollowsRunVersionRolloutAndOutcome() {
      Loop loop = new Loop(onDrift(1, "1m"));
      loop.drifted();
      assertThat(loop.cycle(1).phase()).isEqualTo(CyclePhase.Training);
      loop.run(1, TrainingPhase.Running, null, null);
      loop.nothingRead();
      assertThat(loop.cycle(1).trainingRunUid()).isEqualTo("uid-1");
      loop.run(1, TrainingPhase.Succeeded, "iris-2", null);
      loop.versions.put(
          "iris-2", new RegisteredVersion("iris-2", Stage.Staging, "awaits approval"));
      loop.nothingRead();
      assertThat(loop.cycle(1).phase()).isEqualTo(CyclePhase.Registered);
      assertThat(loop.cycle(1).message()).isEqualTo("iris-2 is registered: awaits approval");
      loop.candidate = "iris-2";
      loop.nothingRead();
      assertThat(loop.cycle(1).phase()).isEqualTo(CyclePhase.RollingOut);
      loop.rolledBack.put("iris-2", "AnalysisFailed: error rate 0.3 > 0.05");
      loop.candidate = null;
      loop.nothingRead();
      assertThat(loop.cycle(1).phase()).isEqualTo(CyclePhase.RolledBack);
      assertThat(loop.cycle(1).message()).contains("error rate 0.3 > 0.05");
    }

    @Test
    void aRunDeletedAfterItWasSeenFailsTheCycleButOneNotYetSeenIsCreated() {
      Loop loop = new Loop(onDrift(1, "1m"));
      loop.drifted();
      assertThat(loop.nothingRead().runsToCreate()).hasSize(1); // not seen yet: still to create
      loop.run(1, TrainingPhase.Pending, null, null);
      assertThat(loop.nothingRead().runsToCreate()).isEmpty();
      loop.runs.clear();
      loop.nothingRead();
      assertThat(loop.cycle(1).phase()).isEqualTo(CyclePhase.Failed);
      assertThat(loop.cycle(1).message()).contains("was deleted");
      assertThat(loop.last.runsToCreate()).isEmpty();
    }

    @Test
    void aRunTheApiRefusedFailsItsCycleAtOnceAndIsNotCreatedAgain() {
      Loop loop = new Loop(onDrift(1, "1m"));
      loop.drifted();
      String name = loop.cycle(1).trainingRun();
      loop.runs.put(name, RunObservation.refused(name, "spec.dataset.uri: Invalid value"));
      RetrainingPlan plan = loop.nothingRead();

      assertThat(plan.runsToCreate()).isEmpty();
      assertThat(loop.cycle(1).phase()).isEqualTo(CyclePhase.Failed);
      assertThat(loop.cycle(1).message())
          .contains("spec.dataset.uri: Invalid value")
          .contains("fix spec.retraining.template");
      assertThat(loop.status.consecutiveFailures()).isEqualTo(1);
    }
  }

  @Nested
  class Breaker {

    Loop failing(int times) {
      Loop loop = new Loop(onDrift(1, "1m"));
      for (int cycle = 1; cycle <= times; cycle++) {
        assertThat(loop.drifted().runsToCreate()).as("cycle %d starts", cycle).hasSize(1);
        loop.run(cycle, TrainingPhase.Failed, null, "data validation failed: schema");
        loop.minutes(2);
        loop.nothingRead();
      }
      return loop;
    }

    @Test
    void opensAfterTheFailuresInARowAndStaysOpen() {
      Loop loop = failing(3);
      assertThat(loop.status.breaker().open()).isTrue();
      assertThat(loop.status.breaker().reason())
          .contains("3 retraining cycles in a row failed")
          .contains("data validation failed");
      assertThat(loop.last.problem()).isPresent();
      assertThat(loop.reasons()).contains("RetrainingBreakerOpen");

      for (int i = 0; i < 50; i++) {
        loop.minutes(60);
        assertThat(loop.drifted().runsToCreate()).isEmpty();
        assertThat(loop.last.problem()).isPresent();
      }
      assertThat(loop.status.held()).isEqualTo("Drift trigger held: the circuit breaker is open");
    }

    @Test
    void twoFailuresThenASuccessKeepItClosed() {
      Loop loop = failing(2);
      loop.drifted();
      loop.run(3, TrainingPhase.Succeeded, "iris-2", null);
      loop.stable = "iris-2";
      loop.minutes(2);
      loop.nothingRead();
      assertThat(loop.status.consecutiveFailures()).isZero();
      assertThat(loop.status.breaker()).isNull();
    }

    @Test
    void aPersonResetsItWithTheAnnotationOnce() {
      Loop loop = failing(3);
      loop.reset = "2026-12-01T12:00:00Z";
      loop.minutes(1);
      assertThat(loop.drifted().runsToCreate()).hasSize(1);
      assertThat(loop.status.breaker()).isNull();
      assertThat(loop.status.lastReset()).isEqualTo("2026-12-01T12:00:00Z");

      // The same annotation value does not reset it again once it reopens.
      loop.run(4, TrainingPhase.Failed, null, "boom");
      for (int cycle = 5; cycle <= 6; cycle++) {
        loop.minutes(2);
        loop.nothingRead();
        loop.drifted();
        loop.run(cycle, TrainingPhase.Failed, null, "boom");
      }
      loop.minutes(2);
      loop.nothingRead();
      assertThat(loop.status.breaker().open()).isTrue();
      loop.minutes(2);
      assertThat(loop.drifted().runsToCreate()).isEmpty();
    }

    @Test
    void aSpecChangeClosesIt() {
      Loop loop = failing(3);
      loop.generation = 2;
      loop.minutes(1);
      assertThat(loop.drifted().runsToCreate()).hasSize(1);
      assertThat(loop.reasons()).contains("RetrainingResumed");
    }
  }
}
