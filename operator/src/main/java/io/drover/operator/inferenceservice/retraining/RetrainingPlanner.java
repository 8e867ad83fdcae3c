package io.drover.operator.inferenceservice.retraining;

import io.drover.operator.api.common.RetrainingTrigger;
import io.drover.operator.api.common.RetrainingTrigger.Reason;
import io.drover.operator.api.common.Stage;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.CyclePhase;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.FeatureDrift;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RetrainingBreaker;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RetrainingCycle;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RetrainingStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VersionMonitoring;
import io.drover.operator.api.inferenceservice.Retraining;
import io.drover.operator.api.inferenceservice.Retraining.Triggers;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.inferenceservice.rollout.Announcement;
import io.drover.operator.schedule.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The retraining state machine: follows each cycle from trigger through its run, its version and
 * that version's rollout; counts drifted readings and the schedule's firings; starts a cycle when a
 * trigger fires and nothing holds it back (a run still training, a rollout, the cooldown, the daily
 * cap, the breaker); and opens the circuit breaker after too many failed cycles in a row. Pure: the
 * state lives in status.retraining, every observation comes in through {@link RetrainingInput}.
 */
public final class RetrainingPlanner {

  /** Cycles kept in status: enough for the daily cap's count and a look at the recent past. */
  public static final int CYCLES_KEPT = 10;

  private static final Duration DAY = Duration.ofDays(1);

  private RetrainingPlanner() {}

  public static RetrainingPlan plan(RetrainingInput in) {
    return new Decision(in).decide();
  }

  private static final class Decision {
    private final RetrainingInput in;
    private final List<Announcement> announcements = new ArrayList<>();
    private final List<RetrainingCycle> cycles = new ArrayList<>();
    private final String now;
    private int driftedReadings;
    private String scheduleCheckedUntil;
    private String nextScheduledTime;
    private String held;
    private int cyclesStarted;
    private int consecutiveFailures;
    private RetrainingBreaker breaker;
    private String lastReset;
    private Duration requeue;

    Decision(RetrainingInput in) {
      this.in = in;
      this.now = in.now().toString();
      RetrainingStatus before = in.before();
      if (before != null) {
        driftedReadings = orZero(before.driftedReadings());
        scheduleCheckedUntil = before.scheduleCheckedUntil();
        nextScheduledTime = before.nextScheduledTime();
        held = before.held();
        cyclesStarted = orZero(before.cyclesStarted());
        consecutiveFailures = orZero(before.consecutiveFailures());
        breaker = before.breaker();
        lastReset = before.lastReset();
        if (before.cycles() != null) {
          cycles.addAll(before.cycles());
        }
      }
    }

    RetrainingPlan decide() {
      if (in.spec() == null && in.before() == null) {
        return new RetrainingPlan(null, List.of(), Optional.empty(), List.of(), Optional.empty());
      }
      followCycles();
      resetBreaker();
      openBreaker();
      if (in.spec() != null) {
        countDrift();
        Optional<RetrainingTrigger> fired = fired();
        fired.ifPresent(this::start);
      } else {
        driftedReadings = 0;
        scheduleCheckedUntil = null;
        nextScheduledTime = null;
        held = null;
      }
      RetrainingStatus status =
          new RetrainingStatus(
              driftedReadings,
              scheduleCheckedUntil,
              nextScheduledTime,
              held,
              cyclesStarted,
              consecutiveFailures,
              breaker,
              lastReset,
              cycles.isEmpty() ? null : List.copyOf(cycles));
      List<RetrainingCycle> toCreate =
          cycles.stream()
              .filter(c -> c.phase() == CyclePhase.Training && c.trainingRunUid() == null)
              .filter(c -> !in.runs().containsKey(c.trainingRun()))
              .toList();
      Optional<String> problem =
          isOpen(breaker)
              ? Optional.of(
                  "automatic retraining stopped: %s; set the annotation %s to resume"
                      .formatted(breaker.reason(), Retraining.RESET_ANNOTATION))
              : Optional.empty();
      return new RetrainingPlan(
          status, toCreate, problem, List.copyOf(announcements), Optional.ofNullable(requeue));
    }

    // ---- following the cycles --------------------------------------------------------------

    private void followCycles() {
      for (int i = 0; i < cycles.size(); i++) {
        RetrainingCycle cycle = cycles.get(i);
        if (cycle.phase() == null || cycle.phase().isFinal()) {
          continue;
        }
        RetrainingCycle next = follow(cycle);
        if (next.phase() != cycle.phase()) {
          ended(next);
        }
        cycles.set(i, next);
      }
    }

    private RetrainingCycle follow(RetrainingCycle cycle) {
      RunObservation run = in.runs().get(cycle.trainingRun());
      if (run == null) {
        return cycle.trainingRunUid() == null
            ? cycle
            : cycle.advance(
                CyclePhase.Failed,
                cycle.modelVersion(),
                "TrainingRun %s was deleted".formatted(cycle.trainingRun()),
                now);
      }
      if (cycle.trainingRunUid() == null) {
        cycle = cycle.seen(run.uid());
      }
      if (run.phase() == TrainingPhase.Failed) {
        return cycle.advance(
            CyclePhase.Failed,
            null,
            "TrainingRun %s failed: %s".formatted(run.name(), orElse(run.message(), "no reason")),
            now);
      }
      String version = run.modelVersion();
      if (version == null) {
        return cycle.advance(
            CyclePhase.Training,
            null,
            "TrainingRun %s is %s"
                .formatted(
                    run.name(),
                    run.phase() == null ? "starting" : run.phase().name().toLowerCase(Locale.ROOT)),
            null);
      }
      ServingState serving = in.serving();
      if (serving.rolledBack().containsKey(version)) {
        return cycle.advance(
            CyclePhase.RolledBack,
            version,
            "%s was rolled back: %s".formatted(version, serving.rolledBack().get(version)),
            now);
      }
      if (version.equals(serving.stable())) {
        return cycle.advance(
            CyclePhase.RolledOut, version, "%s serves as stable".formatted(version), now);
      }
      if (version.equals(serving.candidate())) {
        return cycle.advance(
            CyclePhase.RollingOut, version, "%s is rolling out".formatted(version), null);
      }
      RegisteredVersion registered = in.versions().get(version);
      if (registered == null) {
        return cycle.advance(
            CyclePhase.Rejected, version, "ModelVersion %s was deleted".formatted(version), now);
      }
      if (registered.stage() == Stage.Rejected || registered.stage() == Stage.Archived) {
        return cycle.advance(
            CyclePhase.Rejected,
            version,
            "%s is %s: %s"
                .formatted(
                    version, registered.stage(), orElse(registered.message(), "no reason given")),
            now);
      }
      return cycle.advance(
          CyclePhase.Registered,
          version,
          "%s is registered%s"
              .formatted(version, registered.message() == null ? "" : ": " + registered.message()),
          null);
    }

    private void ended(RetrainingCycle cycle) {
      if (!cycle.phase().isFinal()) {
        return;
      }
      if (cycle.phase().isFailure()) {
        consecutiveFailures++;
        announcements.add(
            Announcement.warning("Retraining" + cycle.phase().name(), cycle.message()).notifying());
      } else {
        consecutiveFailures = 0;
        announcements.add(Announcement.normal("RetrainingRolledOut", cycle.message()).notifying());
      }
    }

    // ---- the breaker --------------------------------------------------------------------------

    private void resetBreaker() {
      String reset = in.reset();
      boolean asked = reset != null && !reset.equals(lastReset);
      if (asked) {
        lastReset = reset;
      }
      if (!isOpen(breaker)) {
        if (asked) {
          consecutiveFailures = 0;
        }
        return;
      }
      boolean specChanged = breaker.generation() != null && breaker.generation() != in.generation();
      if (asked || specChanged) {
        breaker = null;
        consecutiveFailures = 0;
        announcements.add(
            Announcement.normal(
                "RetrainingResumed",
                asked
                    ? "the retraining breaker was reset by " + Retraining.RESET_ANNOTATION
                    : "the retraining breaker closed: the spec changed"));
      }
    }

    private void openBreaker() {
      if (in.spec() == null || isOpen(breaker)) {
        return;
      }
      int limit = in.spec().maxConsecutiveFailuresOrDefault();
      if (consecutiveFailures < limit) {
        return;
      }
      String last =
          cycles.stream()
              .filter(c -> c.phase() != null && c.phase().isFailure())
              .findFirst()
              .map(RetrainingCycle::message)
              .orElse("no message");
      String reason = "%d retraining cycles in a row failed (last: %s)".formatted(limit, last);
      breaker = new RetrainingBreaker(true, reason, now, in.generation());
      announcements.add(Announcement.warning("RetrainingBreakerOpen", reason).notifying());
    }

    // ---- the triggers -------------------------------------------------------------------------

    private void countDrift() {
      Triggers triggers = in.spec().triggers();
      Optional<VersionMonitoring> reading = in.stableReading();
      if (!triggers.retrainsOnDrift() || reading.isEmpty()) {
        if (!triggers.retrainsOnDrift()) {
          driftedReadings = 0;
        }
        return;
      }
      Boolean drifted = reading.get().drifted();
      if (Boolean.TRUE.equals(drifted)) {
        driftedReadings++;
      } else if (Boolean.FALSE.equals(drifted)) {
        driftedReadings = 0;
      }
      // null: the window is too short to tell; the count neither grows nor resets.
    }

    /** The trigger that fires now, if any: accuracy first, then drift, then the schedule. */
    private Optional<RetrainingTrigger> fired() {
      Triggers triggers = in.spec().triggers();
      List<RetrainingTrigger> fired = new ArrayList<>();
      in.stableReading().flatMap(r -> accuracy(triggers, r)).ifPresent(fired::add);
      in.stableReading().flatMap(r -> drift(triggers, r)).ifPresent(fired::add);
      schedule(triggers).ifPresent(fired::add);
      if (fired.isEmpty()) {
        if (in.stableReading().isPresent()) {
          held = null;
        }
        return Optional.empty();
      }
      RetrainingTrigger trigger = fired.get(0);
      Optional<String> hold = hold();
      if (hold.isPresent()) {
        String why = "%s trigger held: %s".formatted(trigger.reason(), hold.get());
        if (!why.equals(held)) {
          announcements.add(
              Announcement.normal("RetrainingHeld", why + " (" + trigger.figures() + ")"));
        }
        held = why;
        return Optional.empty();
      }
      return Optional.of(trigger);
    }

    private Optional<RetrainingTrigger> accuracy(Triggers triggers, VersionMonitoring reading) {
      Double below = triggers.accuracyBelow();
      Double live = reading.liveAccuracy();
      long rows = reading.labelledRows() == null ? 0 : reading.labelledRows();
      if (below == null || live == null || rows < triggers.minLabelledRowsOrDefault()) {
        return Optional.empty();
      }
      if (live >= below) {
        return Optional.empty();
      }
      return Optional.of(
          trigger(
              Reason.Accuracy,
              "v%d live accuracy %.3f < %.3f on %d labelled rows"
                  .formatted(reading.version(), live, below, rows)));
    }

    private Optional<RetrainingTrigger> drift(Triggers triggers, VersionMonitoring reading) {
      int needed = triggers.driftReadingsOrDefault();
      if (!triggers.retrainsOnDrift() || driftedReadings < needed) {
        return Optional.empty();
      }
      double threshold = in.monitoring().driftThresholdOrDefault();
      String worst =
          reading.features() == null
              ? "a feature"
              : reading.features().stream()
                  .filter(f -> f.psi() != null)
                  .max(Comparator.comparingDouble(FeatureDrift::psi))
                  .map(f -> "%s psi %.3f".formatted(f.feature(), f.psi()))
                  .orElse("a feature");
      return Optional.of(
          trigger(
              Reason.Drift,
              "v%d %s > %.3f in %d readings in a row"
                  .formatted(reading.version(), worst, threshold, driftedReadings)));
    }

    private Optional<RetrainingTrigger> schedule(Triggers triggers) {
      if (triggers.schedule() == null) {
        scheduleCheckedUntil = null;
        nextScheduledTime = null;
        return Optional.empty();
      }
      CronSchedule cron = CronSchedule.parse(triggers.schedule(), triggers.zoneOrDefault());
      Instant checked =
          scheduleCheckedUntil == null ? in.now() : Instant.parse(scheduleCheckedUntil);
      Optional<Instant> firing = cron.lastBetween(checked, in.now());
      scheduleCheckedUntil = now;
      Optional<Instant> next = cron.next(in.now());
      nextScheduledTime = next.map(Instant::toString).orElse(null);
      next.ifPresent(at -> requeue = Duration.between(in.now(), at));
      return firing.map(
          at -> trigger(Reason.Schedule, "scheduled for %s by \"%s\"".formatted(at, cron)));
    }

    private Optional<String> hold() {
      if (isOpen(breaker)) {
        return Optional.of("the circuit breaker is open");
      }
      Optional<RetrainingCycle> training =
          cycles.stream().filter(c -> c.phase() == CyclePhase.Training).findFirst();
      if (training.isPresent()) {
        return Optional.of(
            "TrainingRun %s is still training".formatted(training.get().trainingRun()));
      }
      if (in.serving().stable() == null) {
        return Optional.of("no version serves yet");
      }
      if (in.serving().candidate() != null) {
        return Optional.of(
            "%s is rolling out; its figures come next".formatted(in.serving().candidate()));
      }
      Triggers triggers = in.spec().triggers();
      Optional<Instant> last = cycles.stream().map(c -> Instant.parse(c.startedAt())).findFirst();
      Duration cooldown = triggers.cooldownOrDefault();
      if (last.isPresent() && last.get().plus(cooldown).isAfter(in.now())) {
        return Optional.of("cooldown until %s".formatted(last.get().plus(cooldown)));
      }
      long today =
          cycles.stream()
              .map(c -> Instant.parse(c.startedAt()))
              .filter(at -> at.plus(DAY).isAfter(in.now()))
              .count();
      if (today >= triggers.maxRunsPerDayOrDefault()) {
        return Optional.of(
            "%d runs started in the last 24 hours (maxRunsPerDay %d)"
                .formatted(today, triggers.maxRunsPerDayOrDefault()));
      }
      return Optional.empty();
    }

    private void start(RetrainingTrigger trigger) {
      cyclesStarted++;
      String run = RetrainingRuns.name(in.service(), cyclesStarted);
      cycles.add(
          0,
          new RetrainingCycle(
              cyclesStarted,
              trigger,
              run,
              null,
              CyclePhase.Training,
              null,
              "TrainingRun %s is created".formatted(run),
              now,
              null));
      while (cycles.size() > CYCLES_KEPT) {
        cycles.remove(cycles.size() - 1);
      }
      driftedReadings = 0;
      held = null;
      announcements.add(
          Announcement.normal(
                  "RetrainingStarted",
                  "%s trigger: %s; TrainingRun %s"
                      .formatted(trigger.reason(), trigger.figures(), run))
              .notifying());
    }

    private RetrainingTrigger trigger(Reason reason, String figures) {
      return new RetrainingTrigger(in.service(), reason, figures, now);
    }
  }

  private static boolean isOpen(RetrainingBreaker breaker) {
    return breaker != null && Boolean.TRUE.equals(breaker.open());
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static String orElse(String value, String fallback) {
    return Objects.requireNonNullElse(value, fallback);
  }
}
