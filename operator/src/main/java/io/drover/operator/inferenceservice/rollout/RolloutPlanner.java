package io.drover.operator.inferenceservice.rollout;

import io.drover.operator.api.inferenceservice.Analysis;
import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.AnalysisResult;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.FailedVersion;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RolloutPhase;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RolloutStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.SmokeTestResult;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.Verdict;
import io.drover.operator.api.inferenceservice.Rollout;
import io.drover.operator.api.inferenceservice.Rollout.RolloutStrategy;
import io.drover.operator.inferenceservice.InferenceServiceResources;
import io.drover.operator.inferenceservice.ModelReferences;
import io.drover.operator.inferenceservice.ServedVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rollout state machine: from the current status (its state), what spec.model resolves to, the
 * serving objects' health and, when asked for, the smoke test and the figures, decides the next
 * status. A pure function of its input — the clock included — so every transition is unit-tested
 * without a server, and a restarted operator resumes exactly where the status says.
 *
 * <pre>
 *  (new version) → Deploying → SmokeTesting → Progressing ⇄ Paused → Promoted
 *                      │             │             └──────────→ RolledBack
 *                      └─────────────┴────────────────────────→ Failed
 *  (spec moves on mid-way) → Aborted
 * </pre>
 */
public final class RolloutPlanner {

  /** When a transition calls for the next step at once (after its status is persisted). */
  static final Duration NEXT = Duration.ofMillis(100);

  static final Duration SOON = Duration.ofSeconds(1);
  static final int FAILURES_KEPT = 5;

  private RolloutPlanner() {}

  /** What the reconciler reads before deciding, because this decision needs it. */
  public record Needs(boolean smokeTest, boolean evidence, boolean figures) {
    static final Needs NOTHING = new Needs(false, false, false);
  }

  public static Needs needs(InferenceService service, ServingObservation observed, Instant now) {
    InferenceServiceStatus status = service.getStatus();
    if (status == null || status.rollout() == null || status.rollout().phase() == null) {
      return Needs.NOTHING;
    }
    RolloutStatus rollout = status.rollout();
    Rollout spec = service.getSpec().rolloutOrDefault();
    return switch (rollout.phase()) {
      case SmokeTesting -> {
        boolean ready =
            status.candidate() != null && observed.of(status.candidate().variant()).ready() > 0;
        yield new Needs(
            ready && !spec.smokeTestOrDefault().isDisabled(),
            ready && spec.strategy() == RolloutStrategy.Auto,
            false);
      }
      case Progressing, Paused -> new Needs(false, false, analysisDue(service, now));
      default -> Needs.NOTHING;
    };
  }

  public static RolloutDecision plan(RolloutInput input) {
    Transition t = new Transition(input);
    t.decide();
    return t.decision();
  }

  /**
   * Whether an analysis is due: none yet this step, the interval passed, or the step just ended.
   */
  static boolean analysisDue(InferenceService service, Instant now) {
    RolloutStatus rollout = service.getStatus().rollout();
    AnalysisResult last = rollout.lastAnalysis();
    Instant stepStart = instant(rollout.stepStartTime(), now);
    if (last == null || last.time() == null) {
      return true;
    }
    Instant lastTime = Instant.parse(last.time());
    Duration interval =
        service.getSpec().rolloutOrDefault().analysisOrDefault().intervalOrDefault();
    Instant stepEnd = stepEnd(service, now);
    return lastTime.isBefore(stepStart)
        || !now.isBefore(lastTime.plus(interval))
        || (!now.isBefore(stepEnd) && lastTime.isBefore(stepEnd));
  }

  private static Instant stepEnd(InferenceService service, Instant now) {
    InferenceServiceStatus status = service.getStatus();
    RolloutStatus rollout = status.rollout();
    Instant stepStart = instant(rollout.stepStartTime(), now);
    if (rollout.strategy() == null
        || rollout.strategy() == RolloutStrategy.Auto
        || rollout.strategy() == RolloutStrategy.Immediate) {
      return stepStart;
    }
    TrafficStep step =
        TrafficStep.of(
            rollout.strategy(),
            rollout.step() == null ? 0 : rollout.step(),
            service.getSpec().rolloutOrDefault(),
            ReplicaBudget.of(service.getSpec()));
    return stepStart.plus(step.hold());
  }

  private static Instant instant(String text, Instant fallback) {
    return text == null ? fallback : Instant.parse(text);
  }

  /** One decision in progress: the state being moved, and what to say about it. */
  private static final class Transition {
    private final RolloutInput in;
    private final InferenceService service;
    private final Rollout spec;
    private final ReplicaBudget budget;
    private final Instant now;
    private final long generation;
    private final List<Announcement> announcements = new ArrayList<>();
    private final List<FailedVersion> failed = new ArrayList<>();
    private VariantStatus stable;
    private VariantStatus candidate;
    private VariantStatus previous;
    private RolloutStatus rollout;
    private Duration requeue;
    private String stableProblem;
    private String unresolved;

    Transition(RolloutInput in) {
      this.in = in;
      this.service = in.service();
      this.spec = service.getSpec().rolloutOrDefault();
      this.budget = ReplicaBudget.of(service.getSpec());
      this.now = in.now();
      Long gen = service.getMetadata().getGeneration();
      this.generation = gen == null ? 0 : gen;
      InferenceServiceStatus status = service.getStatus();
      if (status != null) {
        stable = status.stable();
        candidate = status.candidate();
        previous = status.previous();
        rollout = status.rollout();
        if (status.failedVersions() != null) {
          failed.addAll(status.failedVersions());
        }
      }
    }

    void decide() {
      Optional<ServedVersion> desired = in.desired();
      if (desired.isEmpty()) {
        unresolved =
            "spec.model resolves to no ModelVersion: there is no "
                + ModelReferences.describe(service.getSpec().model());
        if (candidate != null) {
          abort(
              "spec.model resolves to no ModelVersion now; v%d stays".formatted(stable.version()));
        }
        return;
      }
      ServedVersion want = desired.get();
      boolean firstStillStarting =
          stable != null
              && candidate == null
              && rollout != null
              && rollout.phase() == RolloutPhase.Deploying;
      if (stable == null || (firstStillStarting && !is(stable, want))) {
        // Nothing served yet: the new version simply replaces the one still starting.
        firstVersion(want);
      } else if (is(stable, want)) {
        if (candidate != null) {
          abort(
              "spec.model resolves to the stable v%d again; v%d removed"
                  .formatted(stable.version(), candidate.version()));
        } else {
          progress();
        }
      } else if (candidate != null && is(candidate, want)) {
        progress();
      } else if (previous != null && is(previous, want)) {
        switchBackByHand();
      } else if (failedBefore(want)) {
        // Remembered: not retried until the spec changes or the reference moves on.
      } else {
        start(want);
      }
    }

    RolloutDecision decision() {
      sizeReplicas();
      InferenceServiceStatus before = service.getStatus();
      String url = stable == null ? null : InferenceServiceResources.url(service);
      var facts =
          new ServiceConditions.Facts(
              stable,
              candidate,
              rollout,
              in.observed().routerReady(),
              url,
              in.scaling().status(),
              in.scaling().problem(),
              in.retrainingProblem(),
              Optional.ofNullable(unresolved),
              Optional.ofNullable(stableProblem),
              in.desired()
                  .flatMap(
                      want ->
                          failed.stream()
                              .filter(f -> Objects.equals(f.modelVersion(), want.modelVersion()))
                              .filter(f -> !is(stable, want))
                              .findFirst()));
      InferenceServiceStatus status =
          new InferenceServiceStatus(
              url,
              stable,
              candidate,
              previous,
              Traffic.describe(stable, candidate, previous),
              rollout,
              failed.isEmpty() ? null : List.copyOf(failed),
              in.scaling().status(),
              in.monitoring(),
              in.retraining(),
              ServiceConditions.of(
                  before == null ? null : before.conditions(), generation, now, facts),
              generation);
      return new RolloutDecision(status, List.copyOf(announcements), Optional.ofNullable(requeue));
    }

    // ---- starting -------------------------------------------------------------------------

    private void firstVersion(ServedVersion want) {
      stable = variant(want, 100);
      rollout = phase(RolloutPhase.Deploying, null, "starting v%d".formatted(want.version()));
      announcements.add(
          Announcement.normal(
              "Deploying", "deploying v%d (%s)".formatted(want.version(), want.modelVersion())));
      progress();
    }

    private void start(ServedVersion want) {
      if (candidate != null) {
        announcements.add(
            Announcement.normal(
                "RolloutSuperseded",
                "v%d replaces the rollout of v%d".formatted(want.version(), candidate.version())));
      }
      previous = null;
      stable = stable.withTraffic(100, 0);
      candidate = variant(want, 0);
      Optional<String> unservable = Artifacts.whyNotServable(want.artifact());
      rollout =
          new RolloutStatus(
              RolloutPhase.Deploying,
              null,
              null,
              null,
              null,
              null,
              now.toString(),
              null,
              null,
              null,
              null,
              "deploying v%d next to the stable v%d".formatted(want.version(), stable.version()));
      if (unservable.isPresent()) {
        fail("ArtifactUnsupported", unservable.get());
        return;
      }
      announcements.add(
          Announcement.normal(
              "RolloutStarted",
              "rolling out v%d (%s) to replace v%d"
                  .formatted(want.version(), want.modelVersion(), stable.version())));
      progress();
    }

    // ---- moving ---------------------------------------------------------------------------

    private void progress() {
      if (rollout == null || rollout.phase() == null) {
        return;
      }
      switch (rollout.phase()) {
        case Deploying -> deploying();
        case SmokeTesting -> smokeTesting();
        case Progressing, Paused -> trafficStep();
        default -> {}
      }
    }

    private void deploying() {
      VariantStatus starting = candidate != null ? candidate : stable;
      VariantHealth health = health(starting);
      Instant deadline = instant(rollout.startTime(), now).plus(spec.progressDeadlineOrDefault());
      if (candidate == null) {
        // The first version: nothing to roll back to, so it keeps trying, visibly.
        Optional<String> unservable = Artifacts.whyNotServable(stable.artifact());
        if (unservable.isPresent()) {
          stableProblem = unservable.get();
        } else if (health.ready() > 0) {
          rollout = phase(RolloutPhase.Idle, null, "serving v%d".formatted(stable.version()));
          announcements.add(
              Announcement.normal(
                  "Serving", "v%d is ready and serving".formatted(stable.version())));
        } else if (health.fatal().isPresent() || !now.isBefore(deadline)) {
          stableProblem =
              "v%d cannot serve: %s"
                  .formatted(
                      stable.version(),
                      health
                          .fatal()
                          .orElse("not ready within " + deadlineText() + ": " + health.waiting()));
        } else {
          requeue = Duration.between(now, deadline);
        }
        if (stableProblem != null && !stableProblem.equals(rollout.message())) {
          rollout = rollout.withPhase(RolloutPhase.Deploying, stableProblem);
          announcements.add(Announcement.warning("StableNotReady", stableProblem));
        }
        return;
      }
      if (health.fatal().isPresent()) {
        fail(
            "CandidateNotReady",
            "v%d cannot start: %s".formatted(candidate.version(), health.fatal().get()));
      } else if (health.ready() >= Math.max(1, budget.capped(startingReplicas()))) {
        rollout =
            new RolloutStatus(
                RolloutPhase.SmokeTesting,
                null,
                null,
                null,
                null,
                null,
                rollout.startTime(),
                null,
                null,
                null,
                null,
                "smoke-testing v%d before it gets traffic".formatted(candidate.version()));
        announcements.add(
            Announcement.normal(
                "CandidateReady",
                "v%d is ready; smoke-testing it before any traffic"
                    .formatted(candidate.version())));
        requeue = NEXT;
      } else if (!now.isBefore(deadline)) {
        fail(
            "CandidateNotReady",
            "v%d not ready within %s: %s"
                .formatted(candidate.version(), deadlineText(), health.waiting()));
      } else {
        requeue = Duration.between(now, deadline);
      }
    }

    private void smokeTesting() {
      VariantHealth health = health(candidate);
      if (health.fatal().isPresent()) {
        fail(
            "CandidateNotReady",
            "v%d stopped: %s".formatted(candidate.version(), health.fatal().get()));
        return;
      }
      SmokeTestResult result;
      if (spec.smokeTestOrDefault().isDisabled()) {
        result =
            new SmokeTestResult(
                now.toString(),
                Verdict.Skipped,
                "none",
                null,
                null,
                null,
                null,
                "spec.rollout.smokeTest.disabled is true");
      } else if (in.smokeTest().isPresent()) {
        result = in.smokeTest().get();
      } else {
        requeue = SOON;
        return;
      }
      rollout = rollout.withSmokeTest(result);
      if (result.verdict() == Verdict.Fail) {
        fail(
            "SmokeTestFailed",
            "v%d failed its smoke test: %s".formatted(candidate.version(), result.message()));
        return;
      }
      announcements.add(
          Announcement.normal(
              "SmokeTestPassed", "v%d: %s".formatted(candidate.version(), result.message())));
      StrategyChoice choice = StrategyChoice.choose(spec, stable, candidate, in.evidence());
      rollout = rollout.withStrategy(choice.strategy(), choice.reason(), choice.thenCanary());
      announcements.add(Announcement.normal("StrategyChosen", choice.reason()));
      if (choice.strategy() == RolloutStrategy.Immediate) {
        promote("switched all traffic to v%d after its smoke test".formatted(candidate.version()));
      } else {
        enterStep(choice.strategy(), 0);
      }
    }

    private void enterStep(RolloutStrategy strategy, int index) {
      TrafficStep step = TrafficStep.of(strategy, index, spec, budget);
      candidate = candidate.withTraffic(step.weight(), step.mirrorPercent());
      stable = stable.withTraffic(100 - step.weight(), 0);
      rollout =
          new RolloutStatus(
              RolloutPhase.Progressing,
              strategy,
              rollout.strategyReason(),
              rollout.thenCanary(),
              index,
              now.toString(),
              rollout.startTime(),
              null,
              rollout.smokeTest(),
              rollout.lastAnalysis(),
              null,
              Traffic.stepMessage(strategy, index, spec, candidate, stable));
      announcements.add(Announcement.normal("StepStarted", rollout.message()));
      requeue = SOON;
    }

    private void trafficStep() {
      RolloutStrategy strategy = rollout.strategy();
      int index = rollout.step() == null ? 0 : rollout.step();
      boolean switched = strategy == RolloutStrategy.BlueGreen && index >= TrafficStep.SWITCHED;
      if (!switched) {
        if (candidate == null) {
          rollout = phase(RolloutPhase.Idle, null, "serving v%d".formatted(stable.version()));
          return;
        }
        VariantHealth health = health(candidate);
        if (health.fatal().isPresent()) {
          rollBack(
              "CandidateNotReady",
              "v%d stopped: %s".formatted(candidate.version(), health.fatal().get()));
          return;
        }
      }
      if (strategy == RolloutStrategy.AbTest && spec.strategy() != RolloutStrategy.AbTest) {
        endAbTest();
        return;
      }
      TrafficStep step = TrafficStep.of(strategy, index, spec, budget);
      Instant stepEnd = instant(rollout.stepStartTime(), now).plus(step.hold());
      Duration interval = spec.analysisOrDefault().intervalOrDefault();
      if (in.figures().isEmpty()) {
        requeue = nextLook(rollout.lastAnalysis(), interval, stepEnd);
        return;
      }
      AnalysisResult result =
          Analyzer.analyze(spec.analysisOrDefault(), step.mode(), in.figures().get(), now);
      rollout = rollout.withAnalysis(result);
      requeue = nextLook(result, interval, stepEnd);
      if (Boolean.FALSE.equals(result.baselineHealthy())) {
        pause("BaselineUnhealthy", "paused: " + result.message());
        return;
      }
      if (result.verdict() == Verdict.Fail) {
        if (switched) {
          switchBack("AnalysisFailed", result.message());
        } else {
          rollBack("AnalysisFailed", result.message());
        }
        return;
      }
      boolean resumed = rollout.phase() == RolloutPhase.Paused;
      if (strategy == RolloutStrategy.AbTest) {
        // Never promoted by itself: a person pins the winner in spec.model.
        rollout =
            rollout.withPhase(
                RolloutPhase.Progressing,
                Traffic.stepMessage(strategy, index, spec, candidate, stable));
        return;
      }
      if (now.isBefore(stepEnd)) {
        rollout =
            rollout.withPhase(
                RolloutPhase.Progressing,
                resumed ? "resumed: " + result.message() : rollout.message());
        return;
      }
      if (result.verdict() == Verdict.Pass) {
        advance(strategy, index, step);
        return;
      }
      inconclusive(result, switched);
    }

    /**
     * A person ended the A/B test by changing spec.rollout.strategy: Immediate promotes the
     * candidate, another strategy carries on with it (Auto: Canary).
     */
    private void endAbTest() {
      RolloutStrategy next =
          spec.strategy() == RolloutStrategy.Auto ? RolloutStrategy.Canary : spec.strategy();
      String reason =
          "the A/B test ended: spec.rollout.strategy is now %s".formatted(spec.strategy());
      announcements.add(Announcement.normal("AbTestEnded", reason));
      if (next == RolloutStrategy.Immediate) {
        promote(reason + ", v%d takes all traffic".formatted(candidate.version()));
        return;
      }
      rollout =
          rollout.withStrategy(
              next, reason, next == RolloutStrategy.Shadow && spec.thenCanaryOrDefault());
      enterStep(next, 0);
    }

    private void inconclusive(AnalysisResult result, boolean switched) {
      Analysis analysis = spec.analysisOrDefault();
      Instant since = instant(rollout.inconclusiveSince(), now);
      rollout = rollout.withInconclusiveSince(since.toString());
      Duration waited = Duration.between(since, now);
      if (waited.compareTo(analysis.inconclusiveTimeoutOrDefault()) < 0) {
        rollout =
            rollout.withPhase(RolloutPhase.Progressing, "waiting for data: " + result.message());
        return;
      }
      String why =
          "analysis inconclusive for %s: %s"
              .formatted(io.drover.operator.api.common.GoDuration.format(waited), result.message());
      if (analysis.onInconclusiveOrDefault() == Analysis.OnInconclusive.Fail) {
        if (switched) {
          switchBack("AnalysisInconclusive", why);
        } else {
          rollBack("AnalysisInconclusive", why);
        }
      } else {
        pause("AnalysisInconclusive", "paused: " + why);
      }
    }

    private void advance(RolloutStrategy strategy, int index, TrafficStep step) {
      switch (strategy) {
        case Canary -> {
          if (step.last()) {
            promote("v%d passed every canary step".formatted(candidate.version()));
          } else {
            enterStep(RolloutStrategy.Canary, index + 1);
          }
        }
        case Shadow -> {
          if (Boolean.TRUE.equals(rollout.thenCanary())) {
            rollout =
                rollout.withStrategy(
                    RolloutStrategy.Canary,
                    rollout.strategyReason() + "; the shadow passed, now Canary",
                    false);
            enterStep(RolloutStrategy.Canary, 0);
          } else {
            promote(
                "v%d agreed with v%d as a shadow".formatted(candidate.version(), stable.version()));
          }
        }
        case BlueGreen -> {
          if (index < TrafficStep.SWITCHED) {
            switchOver();
          } else {
            String kept = previous == null ? "" : "; v%d removed".formatted(previous.version());
            previous = null;
            rollout =
                rollout
                    .withPhase(
                        RolloutPhase.Promoted,
                        "v%d serves all traffic%s".formatted(stable.version(), kept))
                    .completedAt(now);
            announcements.add(Announcement.normal("Promoted", rollout.message()).notifying());
          }
        }
        default -> {}
      }
    }

    private void switchOver() {
      previous =
          stable
              .withTraffic(0, 0)
              .withKeepUntil(now.plus(spec.keepPreviousForOrDefault()).toString());
      stable = candidate.withTraffic(100, 0);
      candidate = null;
      rollout =
          new RolloutStatus(
              RolloutPhase.Progressing,
              RolloutStrategy.BlueGreen,
              rollout.strategyReason(),
              rollout.thenCanary(),
              TrafficStep.SWITCHED,
              now.toString(),
              rollout.startTime(),
              null,
              rollout.smokeTest(),
              rollout.lastAnalysis(),
              null,
              "switched all traffic to v%d; v%d kept until %s for an instant switch back"
                  .formatted(stable.version(), previous.version(), previous.keepUntil()));
      announcements.add(Announcement.normal("Switched", rollout.message()));
      requeue = SOON;
    }

    // ---- ending ---------------------------------------------------------------------------

    private void promote(String message) {
      stable = candidate.withTraffic(100, 0);
      candidate = null;
      previous = null;
      rollout = rollout.withPhase(RolloutPhase.Promoted, message).completedAt(now);
      announcements.add(Announcement.normal("Promoted", message).notifying());
    }

    private void rollBack(String reason, String message) {
      end(
          RolloutPhase.RolledBack,
          reason,
          "rolled back v%d: %s".formatted(candidate.version(), message));
    }

    private void fail(String reason, String message) {
      end(RolloutPhase.Failed, reason, message);
    }

    private void end(RolloutPhase phase, String reason, String message) {
      remember(candidate, reason, message);
      stable = stable.withTraffic(100, 0);
      candidate = null;
      rollout = rollout.withPhase(phase, message).completedAt(now);
      announcements.add(
          Announcement.warning(phase == RolloutPhase.RolledBack ? "RolledBack" : reason, message)
              .notifying());
    }

    /** BlueGreen after the switch: the kept version takes all traffic again, at once. */
    private void switchBack(String reason, String message) {
      VariantStatus failedVersion = stable;
      remember(failedVersion, reason, message);
      stable = previous.withTraffic(100, 0).withKeepUntil(null);
      previous = null;
      String text =
          "switched back to v%d: v%d %s"
              .formatted(stable.version(), failedVersion.version(), message);
      rollout = rollout.withPhase(RolloutPhase.RolledBack, text).completedAt(now);
      announcements.add(Announcement.warning("RolledBack", text).notifying());
    }

    private void switchBackByHand() {
      VariantStatus left = stable;
      stable = previous.withTraffic(100, 0).withKeepUntil(null);
      previous = null;
      String text =
          "switched back to v%d as spec.model asks; v%d removed"
              .formatted(stable.version(), left.version());
      rollout = rollout.withPhase(RolloutPhase.Aborted, text).completedAt(now);
      announcements.add(Announcement.normal("RolloutAborted", text));
    }

    private void abort(String message) {
      stable = stable.withTraffic(100, 0);
      candidate = null;
      rollout = rollout.withPhase(RolloutPhase.Aborted, message).completedAt(now);
      announcements.add(Announcement.normal("RolloutAborted", message));
    }

    private void pause(String reason, String message) {
      boolean already =
          rollout.phase() == RolloutPhase.Paused && Objects.equals(rollout.message(), message);
      rollout = rollout.withPhase(RolloutPhase.Paused, message);
      if (!already) {
        announcements.add(Announcement.warning(reason, message));
      }
    }

    private void remember(VariantStatus version, String reason, String message) {
      failed.removeIf(f -> Objects.equals(f.modelVersion(), version.modelVersion()));
      failed.add(
          0,
          new FailedVersion(
              version.modelVersion(),
              version.version(),
              reason,
              message,
              now.toString(),
              generation));
      while (failed.size() > FAILURES_KEPT) {
        failed.remove(failed.size() - 1);
      }
    }

    // ---- sizes and helpers -----------------------------------------------------------------

    /** Replicas of every version, within the budget, from the state just decided. */
    private void sizeReplicas() {
      int gpus = service.getSpec().runtimeOrDefault().gpusPerReplica();
      if (asleep()) {
        // Scaled to zero, or outside its windows: no version runs (never during a rollout).
        stable = sized(stable, 0, gpus);
        if (candidate != null) {
          candidate = sized(candidate, budget.capped(candidateReplicas()), gpus);
        }
        if (previous != null) {
          previous = sized(previous, 0, gpus);
        }
        return;
      }
      if (candidate != null) {
        int wanted = budget.capped(candidateReplicas());
        candidate = sized(candidate, wanted, gpus);
        if (stable != null) {
          stable = sized(stable, budget.beside(wanted), gpus);
        }
      } else if (stable != null) {
        stable = sized(stable, budget.size(), gpus);
      }
      if (previous != null) {
        previous = sized(previous, budget.beside(budget.size()), gpus);
      }
    }

    /** The scaling decision concerns the version still stable after this decision. */
    private boolean asleep() {
      return stable != null
          && in.scaling().asleep()
          && Objects.equals(in.scaling().status().version(), stable.version());
    }

    private int candidateReplicas() {
      RolloutPhase phase = rollout == null ? null : rollout.phase();
      if (phase == RolloutPhase.Progressing || phase == RolloutPhase.Paused) {
        return TrafficStep.of(
                rollout.strategy(), rollout.step() == null ? 0 : rollout.step(), spec, budget)
            .replicas();
      }
      return startingReplicas();
    }

    private int startingReplicas() {
      return TrafficStep.startingReplicas(spec.strategy(), budget);
    }

    private VariantStatus sized(VariantStatus variant, int replicas, int gpusPerReplica) {
      return variant.withReplicas(replicas, health(variant).ready(), replicas * gpusPerReplica);
    }

    private VariantHealth health(VariantStatus variant) {
      return in.observed().of(variant.variant());
    }

    private VariantStatus variant(ServedVersion version, int weight) {
      return new VariantStatus(
          InferenceServiceResources.variantName(service, version.version()),
          version.modelVersion(),
          version.version(),
          version.artifact(),
          version.digest(),
          null,
          null,
          null,
          weight,
          0,
          null,
          version.storageSecret());
    }

    private boolean is(VariantStatus variant, ServedVersion version) {
      return variant != null && Objects.equals(variant.modelVersion(), version.modelVersion());
    }

    private boolean failedBefore(ServedVersion want) {
      return failed.stream()
          .anyMatch(
              f ->
                  Objects.equals(f.modelVersion(), want.modelVersion())
                      && Objects.equals(f.generation(), generation));
    }

    private Duration nextLook(AnalysisResult last, Duration interval, Instant stepEnd) {
      Instant next =
          last == null || last.time() == null ? now : Instant.parse(last.time()).plus(interval);
      if (now.isBefore(stepEnd) && stepEnd.isBefore(next)) {
        next = stepEnd;
      }
      Duration wait = Duration.between(now, next);
      return wait.compareTo(SOON) < 0 ? SOON : wait;
    }

    private String deadlineText() {
      return io.drover.operator.api.common.GoDuration.format(spec.progressDeadlineOrDefault());
    }

    private RolloutStatus phase(RolloutPhase phase, RolloutStrategy strategy, String message) {
      return new RolloutStatus(
          phase, strategy, null, null, null, null, now.toString(), null, null, null, null, message);
    }
  }
}
