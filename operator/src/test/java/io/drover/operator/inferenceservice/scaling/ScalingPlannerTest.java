package io.drover.operator.inferenceservice.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.contract.serving.WakeRequest;
import io.drover.operator.api.common.ActiveWindow;
import io.drover.operator.api.common.ActiveWindow.Day;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingState;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingStatus;
import io.drover.operator.api.inferenceservice.Scaling;
import io.drover.operator.api.inferenceservice.Scaling.ScalingMetric;
import io.drover.operator.inferenceservice.rollout.Announcement;
import io.drover.operator.inferenceservice.rollout.VariantHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scaling state machine, step by step with a moving clock: no test waits out an idleAfter. */
class ScalingPlannerTest {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z"); // a Tuesday

  /** Plays successive reconciles: each step feeds the last status back in. */
  static final class Steps {
    Scaling spec;
    Instant now = T0;
    ScalingStatus status;
    ScalingPlan last;
    int version = 1;
    boolean rollout;
    VariantHealth health = new VariantHealth(1, Optional.empty(), "");
    Optional<Instant> lastRequest = Optional.empty();
    Optional<WakeRequest> wake = Optional.empty();
    int gpus = 1;
    boolean kedaInstalled;
    boolean requestsCpu = true;

    Steps(Scaling spec) {
      this.spec = spec;
    }

    ScalingPlan step() {
      int replicas = status == null || status.replicas() == null ? 1 : status.replicas();
      last =
          ScalingPlanner.plan(
              new ScalingInput(
                  spec,
                  status,
                  version,
                  "iris-v" + version,
                  health,
                  rollout,
                  lastRequest,
                  wake,
                  new ComputeUse(replicas, 1, gpus, 0.5),
                  AutoscalerChoice.of(spec, requestsCpu, kedaInstalled),
                  now));
      status = last.status();
      return last;
    }

    Steps after(Duration duration) {
      now = now.plus(duration);
      return this;
    }

    Steps requestAt(Instant at) {
      lastRequest = Optional.of(at);
      return this;
    }

    Steps wakeAt(Instant at) {
      wake = Optional.of(new WakeRequest("iris-v" + version, at));
      return this;
    }

    ScalingState state() {
      return status.state();
    }

    List<String> reasons() {
      return last.announcements().stream().map(Announcement::reason).toList();
    }
  }

  static Scaling scaleToZero(String idleAfter) {
    return new Scaling(0, 1, null, null, null, idleAfter, "2m", null, null);
  }

  static Scaling windows(String preWarm, ActiveWindow... windows) {
    return new Scaling(1, 1, null, null, null, null, null, List.of(windows), preWarm);
  }

  @Test
  void anIdleVersionScalesToZeroOnlyAfterIdleAfterWithoutARequest() {
    Steps s = new Steps(scaleToZero("15m"));
    s.step();
    assertThat(s.state()).isEqualTo(ScalingState.Active);
    assertThat(s.last.requeue()).as("looks again when it would go idle").contains(minutes(5));

    s.after(minutes(10)).requestAt(T0.plus(minutes(9))).step();
    assertThat(s.state()).isEqualTo(ScalingState.Active);
    assertThat(s.last.requeue()).contains(minutes(5));

    s.after(minutes(13)).step();
    assertThat(s.state())
        .as("23m after start, 14m after the request")
        .isEqualTo(ScalingState.Active);
    assertThat(s.last.requeue()).contains(minutes(1));

    s.after(minutes(1)).step();
    assertThat(s.state()).isEqualTo(ScalingState.ScaledToZero);
    assertThat(s.status.replicas()).isZero();
    assertThat(s.status.message()).contains("no request for 15m since 2026-12-01T10:09:00Z");
    assertThat(s.reasons()).containsExactly("ScaledToZero");
    assertThat(s.last.asleep()).isTrue();
  }

  @Test
  void aStableIsNeverScaledToZeroDuringARollout() {
    Steps s = new Steps(scaleToZero("1m"));
    s.rollout = true;
    s.step();
    s.after(minutes(30)).step();
    assertThat(s.state()).isEqualTo(ScalingState.Active);
  }

  @Test
  void aWakeStartsTheVersionWhichIsActiveOnceItsModelIsReady() {
    Steps s = new Steps(scaleToZero("1m"));
    s.step();
    s.after(minutes(2)).step();
    assertThat(s.state()).isEqualTo(ScalingState.ScaledToZero);
    Instant slept = s.now;

    s.health = new VariantHealth(0, Optional.empty(), "scaled to zero");
    s.wake = Optional.of(new WakeRequest("iris-v9", slept.plusSeconds(30)));
    s.after(Duration.ofSeconds(31)).step();
    assertThat(s.state()).as("another variant's wake").isEqualTo(ScalingState.ScaledToZero);

    s.wakeAt(slept.plusSeconds(40)).after(Duration.ofSeconds(10)).step();
    assertThat(s.state()).isEqualTo(ScalingState.Waking);
    assertThat(s.status.replicas()).as("one replica is started").isEqualTo(1);
    assertThat(s.last.asleep()).isFalse();
    assertThat(s.reasons()).containsExactly("Waking");

    s.health = new VariantHealth(0, Optional.empty(), "pod iris-v1-x runs; its model is not ready");
    s.after(Duration.ofSeconds(2)).step();
    assertThat(s.state()).isEqualTo(ScalingState.Waking);
    assertThat(s.status.message()).contains("its model is not ready");

    s.health = new VariantHealth(1, Optional.empty(), "");
    s.after(Duration.ofSeconds(2)).step();
    assertThat(s.state()).isEqualTo(ScalingState.Active);
    assertThat(s.status.message()).isEqualTo("v1 woke in 4s");
    assertThat(s.reasons()).containsExactly("Woken");

    s.after(Duration.ofSeconds(30)).step();
    assertThat(s.state()).as("the same wake is not acted on twice").isEqualTo(ScalingState.Active);
    s.after(minutes(1)).step();
    assertThat(s.state()).as("idle again").isEqualTo(ScalingState.ScaledToZero);
    s.after(minutes(1)).step();
    assertThat(s.state()).as("the old wake does not wake it").isEqualTo(ScalingState.ScaledToZero);
  }

  @Test
  void aWakeWaitingForAGpuNodeSaysSoAndIsGivenTheActivationTimeout() {
    Steps s = new Steps(scaleToZero("1m"));
    s.step();
    s.after(minutes(2)).step();
    s.wakeAt(s.now).after(Duration.ofSeconds(1)).step();
    assertThat(s.state()).isEqualTo(ScalingState.Waking);

    s.health =
        new VariantHealth(
            0,
            Optional.empty(),
            "pod iris-v1-x is not scheduled: 0/3 nodes are available: 3 Insufficient"
                + " nvidia.com/gpu");
    s.after(Duration.ofSeconds(90)).step();
    assertThat(s.state()).as("not cut short").isEqualTo(ScalingState.Waking);
    assertThat(s.status.message()).startsWith("waiting for capacity: pod iris-v1-x");
    assertThat(s.last.requeue()).as("looks again at the deadline").contains(Duration.ofSeconds(30));

    s.after(Duration.ofSeconds(30)).step();
    assertThat(s.state()).isEqualTo(ScalingState.ScaledToZero);
    assertThat(s.status.message()).contains("not ready within 2m of the wake");
    assertThat(s.last.announcements())
        .singleElement()
        .satisfies(a -> assertThat(a.warning()).isTrue());
  }

  @Test
  void outsideItsWindowsTheServiceIsClosedAndSaysWhenItOpens() {
    Steps s =
        new Steps(
            windows(null, new ActiveWindow(List.of(Day.Mon, Day.Tue), "08:00", "18:00", "UTC")));
    s.now = Instant.parse("2026-12-01T19:00:00Z");
    s.step();
    assertThat(s.state()).isEqualTo(ScalingState.OutsideWindow);
    assertThat(s.status.opensAt())
        .as("Tuesday evening: next Monday")
        .isEqualTo("2026-12-07T08:00:00Z");
    assertThat(s.status.nextWindowChange()).isEqualTo("2026-12-07T08:00:00Z");
    assertThat(s.status.replicas()).isZero();
    assertThat(s.status.message()).contains("it opens at 2026-12-07T08:00:00Z");
    assertThat(s.reasons()).containsExactly("WindowClosed");

    s.now = Instant.parse("2026-12-07T08:00:00Z");
    s.step();
    assertThat(s.state()).isEqualTo(ScalingState.Active);
    assertThat(s.status.replicas()).isEqualTo(1);
    assertThat(s.reasons()).containsExactly("WindowOpened");
    assertThat(s.status.nextWindowChange()).isEqualTo("2026-12-07T18:00:00Z");
  }

  @Test
  void preWarmStartsTheServiceBeforeAnOvernightWindowInItsTimeZone() {
    Steps s =
        new Steps(
            windows("10m", new ActiveWindow(List.of(Day.Tue), "22:00", "06:00", "Europe/Berlin")));
    s.now = Instant.parse("2026-12-01T20:00:00Z"); // 21:00 in Berlin
    s.step();
    assertThat(s.state()).isEqualTo(ScalingState.OutsideWindow);
    assertThat(s.status.opensAt()).isEqualTo("2026-12-01T21:00:00Z");
    assertThat(s.status.nextWindowChange())
        .as("up 10 minutes early")
        .isEqualTo("2026-12-01T20:50:00Z");

    s.after(minutes(50)).step();
    assertThat(s.state()).isEqualTo(ScalingState.Active);
    s.now = Instant.parse("2026-12-02T04:59:00Z"); // 05:59 Wednesday in Berlin
    s.step();
    assertThat(s.state()).isEqualTo(ScalingState.Active);
    s.after(minutes(1)).step();
    assertThat(s.state()).isEqualTo(ScalingState.OutsideWindow);
  }

  @Test
  void aClosingWindowWaitsForTheRolloutInProgress() {
    Steps s = new Steps(windows(null, new ActiveWindow(List.of(Day.Tue), "08:00", "11:00", null)));
    s.step();
    s.rollout = true;
    s.now = Instant.parse("2026-12-01T11:05:00Z");
    s.step();
    assertThat(s.state()).isEqualTo(ScalingState.Active);
    assertThat(s.status.message()).contains("closes when the rollout ends");
    s.rollout = false;
    s.after(minutes(1)).step();
    assertThat(s.state()).isEqualTo(ScalingState.OutsideWindow);
  }

  @Test
  void computeUsedAndSavedAddUpOverScaleEvents() {
    Steps s = new Steps(scaleToZero("10m"));
    s.gpus = 2;
    s.step();
    assertThat(s.status.cost().gpuSeconds()).as("counting starts now").isZero();

    s.after(minutes(10)).step(); // 10 minutes awake, one replica, 2 GPUs; now it goes to zero
    assertThat(s.state()).isEqualTo(ScalingState.ScaledToZero);
    assertThat(s.status.cost().gpuSeconds()).isEqualTo(1200.0);
    assertThat(s.status.cost().cpuSeconds()).isEqualTo(300.0);
    assertThat(s.last.counted().gpu()).isEqualTo(1200.0);

    s.after(Duration.ofSeconds(10)).step();
    assertThat(s.last.counted().gpu()).as("counted at most every 30 s").isZero();

    s.after(minutes(30).minusSeconds(10)).step(); // 30 minutes asleep
    assertThat(s.status.cost().gpuSeconds()).isEqualTo(1200.0);
    assertThat(s.status.cost().gpuSecondsSaved()).isEqualTo(3600.0);
    assertThat(s.status.cost().cpuSecondsSaved()).isEqualTo(900.0);
    assertThat(s.last.counted().gpuSaved()).isEqualTo(3600.0);
  }

  @Test
  void concurrencyWithoutKedaIsAProblemThatNamesTheFieldAndTheWayOut() {
    Steps s =
        new Steps(new Scaling(1, 4, ScalingMetric.Concurrency, null, 8, null, null, null, null));
    s.step();
    assertThat(s.last.problem())
        .get()
        .asString()
        .contains("spec.scaling.metric Concurrency needs KEDA");
    assertThat(s.status.autoscaler()).isNull();

    s.kedaInstalled = true;
    s.step();
    assertThat(s.last.problem()).isEmpty();
    assertThat(s.status.autoscaler()).isEqualTo("ScaledObject");
  }

  @Test
  void cpuAutoscalingNeedsACpuRequest() {
    Steps s = new Steps(new Scaling(1, 4, null, 70, null, null, null, null, null));
    s.requestsCpu = false;
    s.step();
    assertThat(s.last.problem()).get().asString().contains("set spec.runtime.resources.cpu");
    s.requestsCpu = true;
    s.step();
    assertThat(s.status.autoscaler()).isEqualTo("HorizontalPodAutoscaler");
  }

  @Test
  void aNewlyPromotedVersionStartsActiveWithItsOwnIdleTime() {
    Steps s = new Steps(scaleToZero("5m"));
    s.step();
    s.after(minutes(6)).step();
    assertThat(s.state()).isEqualTo(ScalingState.ScaledToZero);
    s.version = 2;
    s.after(minutes(1)).step();
    assertThat(s.state()).isEqualTo(ScalingState.Active);
    assertThat(s.status.version()).isEqualTo(2);
    s.after(minutes(4)).step();
    assertThat(s.state())
        .as("its idle time counts from its promotion")
        .isEqualTo(ScalingState.Active);
  }

  private static Duration minutes(long minutes) {
    return Duration.ofMinutes(minutes);
  }
}
