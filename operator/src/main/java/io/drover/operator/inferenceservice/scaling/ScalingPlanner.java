package io.drover.operator.inferenceservice.scaling;

import io.drover.contract.serving.WakeRequest;
import io.drover.operator.api.common.GoDuration;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ComputeCost;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingState;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingStatus;
import io.drover.operator.api.inferenceservice.Scaling;
import io.drover.operator.inferenceservice.rollout.Announcement;
import io.drover.operator.metrics.OperatorMetrics.ComputeSeconds;
import io.drover.operator.schedule.ActiveSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The scaling state machine, a pure function of {@link ScalingInput}:
 *
 * <pre>
 *   Active --idle for idleAfter, no rollout--> ScaledToZero --router's wake--> Waking
 *   Waking --model ready--> Active;  Waking --not ready within activationTimeout--> ScaledToZero
 *   any --window closes (after a rollout in progress ends)--> OutsideWindow --opens--> Active
 * </pre>
 *
 * Drover owns only this step between zero and one; an autoscaler does the rest. The compute used
 * and saved is counted here too, from what ran since the last count.
 */
public final class ScalingPlanner {

  /** Counts are persisted at most this often, unless the state changes. */
  static final Duration COUNT_EVERY = Duration.ofSeconds(30);

  /** Looked at again at least this often, so the cost keeps being counted. */
  public static final Duration LOOK_AT_LEAST_EVERY = Duration.ofMinutes(5);

  private ScalingPlanner() {}

  public static ScalingPlan plan(ScalingInput in) {
    return new Decision(in).decide();
  }

  private static final class Decision {
    private final ScalingInput in;
    private final Scaling spec;
    private final Instant now;
    private final List<Announcement> announcements = new ArrayList<>();
    private Optional<String> problem = Optional.empty();
    private Duration requeue = LOOK_AT_LEAST_EVERY;

    private ScalingState state;
    private String message;
    private Instant since;
    private Instant lastRequest;
    private String lastWake;
    private Instant nextWindowChange;
    private Instant opensAt;

    Decision(ScalingInput in) {
      this.in = in;
      this.spec = in.spec();
      this.now = in.now();
      ScalingStatus before = in.before();
      if (before != null && before.state() != null) {
        boolean sameVersion = Objects.equals(before.version(), in.stableVersion());
        // A newly promoted version was running: it is Active and its idle time starts now.
        boolean carriedOver = sameVersion || before.state() == ScalingState.OutsideWindow;
        state = carriedOver ? before.state() : ScalingState.Active;
        since = carriedOver ? instant(before.since()) : null;
        message = carriedOver ? before.message() : null;
        lastRequest = sameVersion ? instant(before.lastRequestTime()) : null;
        lastWake = before.lastWake();
      } else {
        state = ScalingState.Active;
      }
      in.lastRequest().ifPresent(t -> lastRequest = later(lastRequest, t));
    }

    ScalingPlan decide() {
      ScalingState entered = state;
      if (in.stableVersion() != null) {
        Optional<ActiveSchedule.State> window = window();
        if (window.isPresent() && !window.get().up()) {
          outsideWindow(window.get());
        } else {
          if (state == ScalingState.OutsideWindow) {
            enter(ScalingState.Active, "the active window opened", "WindowOpened", false);
            lastRequest = now;
          }
          idleOrWake();
        }
      }
      if (since == null) {
        since = now;
      }
      if (state == ScalingState.Active && message == null) {
        message = "serving";
      }
      AutoscalerChoice autoscaler = in.autoscaler();
      if (autoscaler.problem().isPresent() && problem.isEmpty()) {
        problem = autoscaler.problem();
      }
      Counted counted = count(entered != state);
      ScalingStatus status =
          new ScalingStatus(
              state,
              in.stableVersion(),
              message,
              since.toString(),
              replicasWanted(),
              text(lastRequest),
              lastWake,
              text(nextWindowChange),
              text(opensAt),
              state.equals(ScalingState.Active) || state == ScalingState.Waking
                  ? autoscaler.kind().kubernetesKind()
                  : null,
              counted.cost());
      return new ScalingPlan(
          status, problem, counted.seconds(), Optional.of(requeue), List.copyOf(announcements));
    }

    // ---- windows ------------------------------------------------------------------------

    private Optional<ActiveSchedule.State> window() {
      if (spec.activeWindows() == null || spec.activeWindows().isEmpty()) {
        return Optional.empty();
      }
      try {
        ActiveSchedule.State window =
            ActiveSchedule.of(spec.activeWindows(), spec.preWarmOrDefault()).at(now);
        nextWindowChange = window.nextChange().orElse(null);
        window.nextChange().ifPresent(change -> lookBy(Duration.between(now, change)));
        return Optional.of(window);
      } catch (ActiveSchedule.InvalidScheduleException e) {
        problem = Optional.of("spec.scaling." + e.getMessage() + "; the service runs at all times");
        return Optional.empty();
      }
    }

    private void outsideWindow(ActiveSchedule.State window) {
      Instant opening = window.nextOpening().orElse(null);
      if (state != ScalingState.OutsideWindow && in.rolloutInProgress()) {
        message = "the active window has closed; the service closes when the rollout ends";
        lookBy(Duration.ofSeconds(30));
        return;
      }
      opensAt = opening;
      String text =
          "outside its active windows" + (opening == null ? "" : "; it opens at " + opening);
      if (state != ScalingState.OutsideWindow) {
        enter(ScalingState.OutsideWindow, text, "WindowClosed", false);
      } else {
        message = text;
      }
    }

    // ---- zero and one ----------------------------------------------------------------------

    private void idleOrWake() {
      switch (state) {
        case Active -> {
          if (!spec.scalesToZero() || in.rolloutInProgress()) {
            return;
          }
          Duration idleAfter = spec.idleAfterOrDefault();
          Instant idleFrom = later(lastRequest, since == null ? now : since);
          Instant idleAt = idleFrom.plus(idleAfter);
          if (!now.isBefore(idleAt)) {
            enter(
                ScalingState.ScaledToZero,
                "no request for %s since %s; the next request wakes v%d"
                    .formatted(GoDuration.format(idleAfter), idleFrom, in.stableVersion()),
                "ScaledToZero",
                false);
          } else {
            lookBy(Duration.between(now, idleAt));
          }
        }
        case ScaledToZero -> {
          if (!spec.scalesToZero()) {
            enter(ScalingState.Active, "spec.scaling.minReplicas is above 0", "Woken", false);
            lastRequest = now;
          } else if (newWake().isPresent()) {
            WakeRequest wake = newWake().get();
            lastWake = wake.value();
            enter(
                ScalingState.Waking,
                "a request woke v%d at %s".formatted(in.stableVersion(), wake.time()),
                "Waking",
                false);
            lookBy(spec.activationTimeoutOrDefault());
          }
        }
        case Waking -> waking();
        case OutsideWindow -> {}
      }
    }

    private void waking() {
      if (in.stableHealth().ready() > 0) {
        Duration took = Duration.between(since == null ? now : since, now);
        enter(
            ScalingState.Active,
            "v%d woke in %s".formatted(in.stableVersion(), GoDuration.format(took)),
            "Woken",
            false);
        lastRequest = now;
        return;
      }
      Duration timeout = spec.activationTimeoutOrDefault();
      Instant deadline = (since == null ? now : since).plus(timeout);
      String waiting = in.stableHealth().waiting();
      boolean capacity = waiting != null && waiting.contains("not scheduled");
      if (!now.isBefore(deadline)) {
        enter(
            ScalingState.ScaledToZero,
            "v%d was not ready within %s of the wake (%s); scaled to zero again, the next request"
                    .formatted(in.stableVersion(), GoDuration.format(timeout), waiting)
                + " wakes it",
            "WakeTimedOut",
            true);
        return;
      }
      message =
          (capacity ? "waiting for capacity: " : "waking v%d: ".formatted(in.stableVersion()))
              + waiting;
      lookBy(Duration.between(now, deadline));
    }

    private Optional<WakeRequest> newWake() {
      Optional<WakeRequest> wake =
          in.wake().filter(w -> Objects.equals(w.variant(), in.stableVariant()));
      Optional<WakeRequest> acted = WakeRequest.parse(lastWake);
      return wake.filter(
          w ->
              (acted.isEmpty() || w.time().isAfter(acted.get().time()))
                  && (since == null || !w.time().isBefore(since.minusSeconds(5))));
    }

    // ---- what it means -----------------------------------------------------------------------

    private Integer replicasWanted() {
      if (in.stableVersion() == null) {
        return null;
      }
      return state == ScalingState.ScaledToZero || state == ScalingState.OutsideWindow
          ? 0
          : in.compute().replicasAwake();
    }

    private record Counted(ComputeCost cost, ComputeSeconds seconds) {}

    /** Adds what ran since the last count; persisted at most every {@link #COUNT_EVERY}. */
    private Counted count(boolean stateChanged) {
      ComputeCost before = in.before() == null ? null : in.before().cost();
      Instant from = before == null ? null : instant(before.countedUntil());
      if (from == null || from.isAfter(now)) {
        return new Counted(new ComputeCost(0.0, 0.0, 0.0, 0.0, now.toString()), zero());
      }
      Duration elapsed = Duration.between(from, now);
      if (!stateChanged && elapsed.compareTo(COUNT_EVERY) < 0) {
        lookBy(COUNT_EVERY.minus(elapsed));
        return new Counted(before, zero());
      }
      double seconds = elapsed.toMillis() / 1000.0;
      ComputeUse use = in.compute();
      boolean wasAsleep = in.before() != null && in.before().asleep();
      int saved = wasAsleep ? use.replicasAwake() : 0;
      ComputeSeconds added =
          new ComputeSeconds(
              use.replicas() * use.gpusPerReplica() * seconds,
              saved * use.gpusPerReplica() * seconds,
              use.replicas() * use.cpusPerReplica() * seconds,
              saved * use.cpusPerReplica() * seconds);
      ComputeCost cost =
          new ComputeCost(
              round(orZero(before.gpuSeconds()) + added.gpu()),
              round(orZero(before.gpuSecondsSaved()) + added.gpuSaved()),
              round(orZero(before.cpuSeconds()) + added.cpu()),
              round(orZero(before.cpuSecondsSaved()) + added.cpuSaved()),
              now.toString());
      return new Counted(cost, added);
    }

    private void enter(ScalingState next, String why, String reason, boolean warning) {
      state = next;
      since = now;
      message = why;
      announcements.add(
          warning ? Announcement.warning(reason, why) : Announcement.normal(reason, why));
    }

    private void lookBy(Duration wait) {
      Duration positive = wait.isNegative() || wait.isZero() ? Duration.ofMillis(100) : wait;
      if (positive.compareTo(requeue) < 0) {
        requeue = positive;
      }
    }
  }

  private static ComputeSeconds zero() {
    return new ComputeSeconds(0, 0, 0, 0);
  }

  private static double orZero(Double value) {
    return value == null ? 0 : value;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
