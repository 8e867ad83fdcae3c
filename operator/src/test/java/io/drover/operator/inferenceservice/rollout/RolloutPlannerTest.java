package io.drover.operator.inferenceservice.rollout;

import static io.drover.operator.inferenceservice.rollout.RolloutHarness.failedSmokeTest;
import static io.drover.operator.inferenceservice.rollout.RolloutHarness.metadata;
import static io.drover.operator.inferenceservice.rollout.RolloutHarness.mirrored;
import static io.drover.operator.inferenceservice.rollout.RolloutHarness.passedSmokeTest;
import static io.drover.operator.inferenceservice.rollout.RolloutHarness.traffic;
import static io.drover.operator.inferenceservice.rollout.RolloutHarness.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.inferenceservice.InferenceServiceStatus.Figure;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RolloutPhase;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingState;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.Verdict;
import io.drover.operator.api.inferenceservice.Rollout.RolloutStrategy;
import io.drover.operator.inferenceservice.ServedVersion;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RolloutPlannerTest {

  static final String CANARY =
      """
      model: {name: iris-classifier, stage: Production}
      rollout:
        strategy: Canary
        steps: [{weight: 10, pause: 2m}, {weight: 50, pause: 2m}]
        analysis: {minRequests: 100, maxErrorPercent: 1, interval: 30s, inconclusiveTimeout: 5m}
      """;

  /** A service serving v1, ready. */
  static RolloutHarness serving(String spec) {
    RolloutHarness h = new RolloutHarness(spec);
    h.step(version(1));
    h.ready(1).step(version(1));
    return h;
  }

  @Nested
  class FirstVersion {

    @Test
    void becomesStableAndReadyOnceItsModelIsReady() {
      RolloutHarness h = new RolloutHarness(CANARY);
      h.step(version(1));
      assertThat(h.status().stable().variant()).isEqualTo("iris-v1");
      assertThat(h.status().stable().weight()).isEqualTo(100);
      assertThat(h.status().stable().replicas()).isEqualTo(1);
      assertThat(h.status().candidate()).isNull();
      assertThat(h.status().url()).isEqualTo("http://iris.ml.svc:8080");
      assertThat(h.condition("Ready").getStatus()).isEqualTo("False");
      assertThat(h.condition("Ready").getReason()).isEqualTo("StableNotReady");
      assertThat(h.condition("Progressing").getReason()).isEqualTo("Deploying");

      h.ready(1).step(version(1));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Idle);
      assertThat(h.condition("Ready").getStatus()).isEqualTo("True");
      assertThat(h.condition("Ready").getObservedGeneration()).isEqualTo(1L);
      assertThat(h.condition("Progressing").getStatus()).isEqualTo("False");
      assertThat(h.condition("Degraded").getStatus()).isEqualTo("False");
      assertThat(h.status().traffic()).isEqualTo("v1 100%");
    }

    @Test
    void thatCannotStartIsDegradedAndKeepsTrying() {
      RolloutHarness h = new RolloutHarness(CANARY);
      h.broken(1, "the server exited with code 1: cannot serve the model: bad weights");
      h.step(version(1));
      assertThat(h.condition("Degraded").getReason()).isEqualTo("StableNotReady");
      assertThat(h.condition("Degraded").getMessage()).contains("bad weights");
      assertThat(h.status().stable()).as("nothing else to serve").isNotNull();

      h.ready(1).step(version(1));
      assertThat(h.condition("Ready").getStatus()).isEqualTo("True");
      assertThat(h.condition("Degraded").getStatus()).isEqualTo("False");
    }

    @Test
    void thatResolvesToNothingSaysSo() {
      RolloutHarness h = new RolloutHarness(CANARY);
      h.step(null);
      assertThat(h.status().stable()).isNull();
      assertThat(h.condition("Ready").getReason()).isEqualTo("ModelNotFound");
      assertThat(h.condition("Ready").getMessage())
          .contains("a Production version of model iris-classifier");
    }

    @Test
    void onAStoreTheServerCannotReadIsRefusedWithTheReason() {
      RolloutHarness h = new RolloutHarness(CANARY);
      ServedVersion remote =
          new ServedVersion("iris-classifier-v1", 1, "gs://bucket/iris", null, null, 0.9);
      h.step(remote);
      assertThat(h.condition("Degraded").getMessage()).contains("gs://bucket/iris");
      assertThat(h.condition("Ready").getStatus()).isEqualTo("False");
      // s3:// bundles are fetched by the model server (docs/object-storage.md).
      assertThat(Artifacts.whyNotServable("s3://bucket/iris")).isEmpty();
    }
  }

  @Nested
  class Canary {

    @Test
    void smokeTestsBeforeTrafficThenAdvancesOnGoodFiguresAndPromotes() {
      RolloutHarness h = serving(CANARY);
      h.step(version(2));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Deploying);
      assertThat(h.status().candidate().weight()).as("no traffic before the smoke test").isZero();
      assertThat(h.announced()).contains("RolloutStarted");

      h.ready(2).step(version(2));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.SmokeTesting);
      assertThat(h.needs().smokeTest()).isTrue();
      assertThat(h.status().candidate().weight()).isZero();

      h.step(version(2), passedSmokeTest());
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Progressing);
      assertThat(h.status().rollout().strategy()).isEqualTo(RolloutStrategy.Canary);
      assertThat(h.status().rollout().step()).isZero();
      assertThat(h.status().candidate().weight()).isEqualTo(10);
      assertThat(h.status().stable().weight()).isEqualTo(90);
      assertThat(h.status().traffic()).isEqualTo("v1 90% / v2 10%");
      assertThat(h.condition("Progressing").getReason()).isEqualTo("RolloutInProgress");

      // Good figures during the pause: analysed, but the step holds its full pause.
      h.after(Duration.ofSeconds(30)).step(version(2), traffic(900, 0, 100, 0));
      assertThat(h.status().rollout().lastAnalysis().verdict()).isEqualTo(Verdict.Pass);
      assertThat(h.status().rollout().step()).isZero();

      h.after(Duration.ofSeconds(90)).step(version(2), traffic(1800, 0, 200, 0));
      assertThat(h.status().rollout().step()).isEqualTo(1);
      assertThat(h.status().candidate().weight()).isEqualTo(50);

      h.after(Duration.ofMinutes(2)).step(version(2), traffic(1000, 0, 1000, 0.5));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Promoted);
      assertThat(h.status().stable().version()).isEqualTo(2);
      assertThat(h.status().stable().weight()).isEqualTo(100);
      assertThat(h.status().candidate()).isNull();
      assertThat(h.announced()).contains("Promoted");
      assertThat(h.last.announcements().stream().filter(a -> a.reason().equals("Promoted")))
          .allMatch(Announcement::notifyWebhook);

      // Promoted once: the next look changes nothing.
      h.after(Duration.ofMinutes(1)).step(version(2));
      assertThat(h.announced()).isEmpty();
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Promoted);
    }

    @Test
    void aCandidateThatFailsItsSmokeTestNeverGetsTrafficAndIsNotRetried() {
      RolloutHarness h = serving(CANARY);
      h.step(version(2));
      h.ready(2).step(version(2));
      h.step(version(2), failedSmokeTest());

      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Failed);
      assertThat(h.status().candidate()).isNull();
      assertThat(h.status().stable().version()).isEqualTo(1);
      assertThat(h.status().stable().weight()).isEqualTo(100);
      assertThat(h.status().rollout().smokeTest().accuracy()).isEqualTo(0.3);
      assertThat(h.status().failedVersions())
          .singleElement()
          .satisfies(f -> assertThat(f.reason()).isEqualTo("SmokeTestFailed"));
      assertThat(h.condition("Degraded").getStatus()).isEqualTo("True");
      assertThat(h.condition("Degraded").getReason()).isEqualTo("SmokeTestFailed");
      assertThat(h.condition("Ready").getStatus()).as("v1 still serves").isEqualTo("True");

      h.after(Duration.ofMinutes(5)).step(version(2));
      assertThat(h.status().candidate()).as("not retried for this generation").isNull();

      h.bumpGeneration();
      h.step(version(2));
      assertThat(h.status().candidate().version()).as("retried once the spec changed").isEqualTo(2);
    }

    @Test
    void aCandidateWithBadFiguresIsRolledBackWithTheFigure() {
      RolloutHarness h = serving(CANARY).toFirstStep(version(2));
      h.after(Duration.ofSeconds(30)).step(version(2), traffic(900, 0.1, 100, 12.0));

      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.RolledBack);
      assertThat(h.status().rollout().message()).contains("error rate 12%").contains("> 1%");
      assertThat(h.status().candidate()).isNull();
      assertThat(h.status().stable().weight()).isEqualTo(100);
      assertThat(h.status().rollout().lastAnalysis().checks())
          .anySatisfy(
              c -> {
                assertThat(c.figure()).isEqualTo(Figure.ErrorPercent);
                assertThat(c.candidate()).isEqualTo(12.0);
                assertThat(c.stable()).isEqualTo(0.1);
                assertThat(c.verdict()).isEqualTo(Verdict.Fail);
              });
      assertThat(h.condition("Degraded").getReason()).isEqualTo("AnalysisFailed");
      assertThat(h.announced()).contains("RolledBack");
      assertThat(h.last.announcements().stream().filter(a -> a.reason().equals("RolledBack")))
          .allMatch(a -> a.warning() && a.notifyWebhook());
    }

    @Test
    void errorsFailEarlyOnceNoSuccessCouldRedeemThem() {
      RolloutHarness h = serving(CANARY).toFirstStep(version(2));
      // 5 errors in 20 requests: even 80 more successes would leave 5% > 1%.
      h.after(Duration.ofSeconds(30)).step(version(2), traffic(180, 0, 20, 25.0));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.RolledBack);
    }

    @Test
    void tooFewRequestsIsInconclusiveAndNeverPromotes() {
      RolloutHarness h = serving(CANARY).toFirstStep(version(2));
      for (int i = 0; i < 20; i++) {
        h.after(Duration.ofSeconds(30)).step(version(2), traffic(500, 0, 40, 0));
        assertThat(h.status().rollout().lastAnalysis().verdict()).isEqualTo(Verdict.Inconclusive);
        assertThat(h.status().stable().version()).isEqualTo(1);
        assertThat(h.status().rollout().step()).isZero();
      }
      // 10 minutes: the 2m pause, then the 5m inconclusive timeout with onInconclusive Pause.
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Paused);
      assertThat(h.status().rollout().message()).contains("40 of the 100 requests");
      assertThat(h.condition("Progressing").getStatus()).isEqualTo("False");
      assertThat(h.condition("Progressing").getReason()).isEqualTo("RolloutPaused");
      assertThat(h.status().candidate().weight()).as("the split is kept").isEqualTo(10);

      // Enough data later: it resumes.
      h.after(Duration.ofSeconds(30)).step(version(2), traffic(900, 0, 100, 0));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Progressing);
      assertThat(h.status().rollout().step()).isEqualTo(1);
    }

    @Test
    void inconclusiveTooLongRollsBackWhenConfiguredToFail() {
      RolloutHarness h =
          serving(
                  CANARY.replace(
                      "inconclusiveTimeout: 5m", "inconclusiveTimeout: 1m, onInconclusive: Fail"))
              .toFirstStep(version(2));
      h.after(Duration.ofMinutes(2)).step(version(2), traffic(500, 0, 10, 0));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Progressing);
      h.after(Duration.ofMinutes(1)).step(version(2), traffic(500, 0, 10, 0));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.RolledBack);
      assertThat(h.status().failedVersions().get(0).reason()).isEqualTo("AnalysisInconclusive");
    }

    @Test
    void anUnhealthyStablePausesTheRolloutWithoutBlamingTheCandidate() {
      RolloutHarness h = serving(CANARY).toFirstStep(version(2));
      h.after(Duration.ofSeconds(30)).step(version(2), traffic(900, 8.0, 100, 9.0));

      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Paused);
      assertThat(h.status().rollout().lastAnalysis().baselineHealthy()).isFalse();
      assertThat(h.status().candidate()).as("not rolled back").isNotNull();
      assertThat(h.status().failedVersions()).isNull();
      assertThat(h.condition("Degraded").getReason()).isEqualTo("BaselineUnhealthy");
      assertThat(h.announced()).containsExactly("BaselineUnhealthy");

      h.after(Duration.ofSeconds(30)).step(version(2), traffic(900, 8.0, 100, 9.0));
      assertThat(h.announced()).as("said once").isEmpty();

      h.after(Duration.ofMinutes(2)).step(version(2), traffic(900, 0, 100, 0));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Progressing);
      assertThat(h.status().rollout().step()).isEqualTo(1);
      assertThat(h.condition("Degraded").getStatus()).isEqualTo("False");
    }

    @Test
    void aCandidateThatCrashesWithTrafficIsRolledBack() {
      RolloutHarness h = serving(CANARY).toFirstStep(version(2));
      h.broken(2, "the server keeps crashing (3 restarts, last exit code 137): OOMKilled");
      h.after(Duration.ofSeconds(5)).step(version(2));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.RolledBack);
      assertThat(h.status().rollout().message()).contains("OOMKilled");
    }

    @Test
    void aCandidateNeverReadyFailsAtTheProgressDeadline() {
      RolloutHarness h =
          serving(CANARY.replace("strategy: Canary", "strategy: Canary\n  progressDeadline: 3m"));
      h.step(version(2));
      h.after(Duration.ofMinutes(2)).step(version(2));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Deploying);
      assertThat(h.last.requeueAfter()).contains(Duration.ofMinutes(1));
      h.after(Duration.ofMinutes(1)).step(version(2));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Failed);
      assertThat(h.status().rollout().message()).contains("not ready within 3m");
      assertThat(h.condition("Degraded").getReason()).isEqualTo("CandidateNotReady");
    }

    @Test
    void aNewerVersionMidRolloutReplacesTheCandidate() {
      RolloutHarness h = serving(CANARY).toFirstStep(version(2));
      h.step(version(3));
      assertThat(h.status().candidate().version()).isEqualTo(3);
      assertThat(h.status().candidate().weight()).isZero();
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Deploying);
      assertThat(h.announced()).contains("RolloutSuperseded", "RolloutStarted");
    }

    @Test
    void pinningTheStableVersionAgainAbortsTheRollout() {
      RolloutHarness h = serving(CANARY).toFirstStep(version(2));
      h.step(version(1));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Aborted);
      assertThat(h.status().candidate()).isNull();
      assertThat(h.condition("Degraded").getStatus()).isEqualTo("False");
    }

    @Test
    void analysesAreDueOnTheirIntervalAndAtTheStepsEnd() {
      RolloutHarness h = serving(CANARY).toFirstStep(version(2));
      assertThat(h.needs().figures()).as("none yet this step").isTrue();
      h.after(Duration.ofSeconds(30)).step(version(2), traffic(900, 0, 100, 0));
      assertThat(h.needs().figures()).isFalse();
      assertThat(h.last.requeueAfter()).contains(Duration.ofSeconds(30));
      h.after(Duration.ofSeconds(29));
      assertThat(h.needs().figures()).isFalse();
      h.after(Duration.ofSeconds(1));
      assertThat(h.needs().figures()).isTrue();
    }
  }

  @Nested
  class Shadow {

    static final String SHADOW =
        """
        model: {name: iris-classifier, version: 2}
        rollout:
          strategy: Shadow
          observeFor: 3m
          analysis: {minRequests: 100, minShadowAgreementPercent: 95}
        """;

    @Test
    void mirrorsWithoutServingAndPromotesOnAgreement() {
      RolloutHarness h = serving(SHADOW).toFirstStep(version(2));
      assertThat(h.status().candidate().weight()).isZero();
      assertThat(h.status().candidate().mirrorPercent()).isEqualTo(100);
      assertThat(h.status().stable().weight()).isEqualTo(100);
      assertThat(h.status().traffic()).isEqualTo("v1 100% (v2 shadow 100%)");

      h.after(Duration.ofMinutes(3)).step(version(2), mirrored(500, 99.0));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Promoted);
      assertThat(h.status().stable().version()).isEqualTo(2);
    }

    @Test
    void disagreementRollsBack() {
      RolloutHarness h = serving(SHADOW).toFirstStep(version(2));
      h.after(Duration.ofMinutes(1)).step(version(2), mirrored(500, 60.0));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.RolledBack);
      assertThat(h.status().rollout().message()).contains("shadow agreement 60% < 95%");
    }

    @Test
    void continuesAsACanaryWhenConfigured() {
      RolloutHarness h =
          serving(
                  SHADOW.replace(
                      "observeFor: 3m",
                      "observeFor: 3m\n  thenCanary: true\n  steps: [{weight: 25, pause: 1m}]"))
              .toFirstStep(version(2));
      h.after(Duration.ofMinutes(3)).step(version(2), mirrored(500, 99.0));
      assertThat(h.status().rollout().strategy()).isEqualTo(RolloutStrategy.Canary);
      assertThat(h.status().rollout().strategyReason()).contains("the shadow passed, now Canary");
      assertThat(h.status().candidate().weight()).isEqualTo(25);
      assertThat(h.status().candidate().mirrorPercent()).isZero();
    }
  }

  @Nested
  class AbTest {

    static final String AB =
        """
        model: {name: iris-classifier, version: 2}
        rollout:
          strategy: AbTest
          stickyHeader: x-user-id
          candidateWeight: 30
          analysis: {minRequests: 50}
        """;

    @Test
    void keepsTheSplitWithBothVariantsFiguresAndNeverPromotesByItself() {
      RolloutHarness h = serving(AB).toFirstStep(version(2));
      assertThat(h.status().candidate().weight()).isEqualTo(30);
      for (int i = 0; i < 10; i++) {
        h.after(Duration.ofMinutes(10)).step(version(2), traffic(700, 0, 300, 0));
        assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(h.status().candidate().weight()).isEqualTo(30);
      }
      assertThat(h.status().rollout().lastAnalysis().figures())
          .extracting(f -> f.variant() + ":" + f.requests())
          .containsExactly("iris-v1:700", "iris-v2:300");
      assertThat(h.status().rollout().message()).contains("pin spec.model.version");
    }

    @Test
    void endsWhenAPersonChangesTheStrategy() {
      RolloutHarness h = serving(AB).toFirstStep(version(2));
      RolloutHarness promoted =
          new RolloutHarness(AB.replace("strategy: AbTest", "strategy: Immediate"));
      promoted.service.setStatus(h.status());
      promoted.health.putAll(h.health);
      promoted.now = h.now;
      promoted.step(version(2));
      assertThat(promoted.status().rollout().phase()).isEqualTo(RolloutPhase.Promoted);
      assertThat(promoted.status().stable().version()).isEqualTo(2);
    }

    @Test
    void pinningTheStableVersionKeepsIt() {
      RolloutHarness h = serving(AB).toFirstStep(version(2));
      h.step(version(1));
      assertThat(h.status().stable().version()).isEqualTo(1);
      assertThat(h.status().candidate()).isNull();
    }
  }

  @Nested
  class BlueGreen {

    static final String BLUE_GREEN =
        """
        model: {name: iris-classifier, version: 2}
        scaling: {minReplicas: 2, maxReplicas: 2}
        rollout:
          strategy: BlueGreen
          observeFor: 2m
          keepPreviousFor: 5m
          maxSurge: 2
          analysis: {minRequests: 100}
        """;

    @Test
    void startsAtFullSizeSwitchesAtOnceAndKeepsThePreviousVersion() {
      RolloutHarness h = serving(BLUE_GREEN);
      h.step(version(2));
      assertThat(h.status().candidate().replicas()).as("full size before any traffic").isEqualTo(2);
      assertThat(h.status().stable().replicas()).isEqualTo(2);
      h.ready(2, 1).step(version(2));
      assertThat(h.status().rollout().phase())
          .as("waits for the full size")
          .isEqualTo(RolloutPhase.Deploying);
      h.ready(2, 2).step(version(2));
      h.step(version(2), passedSmokeTest());
      assertThat(h.status().candidate().mirrorPercent()).isEqualTo(100);

      h.after(Duration.ofMinutes(2)).step(version(2), mirrored(500, 100.0));
      assertThat(h.status().stable().version()).isEqualTo(2);
      assertThat(h.status().stable().weight()).isEqualTo(100);
      assertThat(h.status().previous().version()).isEqualTo(1);
      assertThat(h.status().previous().replicas()).as("kept at full size").isEqualTo(2);
      assertThat(h.status().previous().keepUntil()).isNotNull();
      assertThat(h.status().traffic()).isEqualTo("v2 100% (v1 kept)");

      h.after(Duration.ofMinutes(5)).step(version(2), soloFigures(800, 0));
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Promoted);
      assertThat(h.status().previous()).isNull();
    }

    @Test
    void switchesBackInstantlyWhenTheNewVersionFailsAfterTheSwitch() {
      RolloutHarness h = serving(BLUE_GREEN);
      h.step(version(2));
      h.ready(2, 2).step(version(2));
      h.step(version(2), passedSmokeTest());
      h.after(Duration.ofMinutes(2)).step(version(2), mirrored(500, 100.0));
      h.after(Duration.ofMinutes(1)).step(version(2), soloFigures(300, 20.0));

      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.RolledBack);
      assertThat(h.status().stable().version()).isEqualTo(1);
      assertThat(h.status().stable().weight()).isEqualTo(100);
      assertThat(h.status().stable().replicas()).isEqualTo(2);
      assertThat(h.status().previous()).isNull();
      assertThat(h.status().failedVersions().get(0).version()).isEqualTo(2);
    }

    @Test
    void aPersonPinningThePreviousVersionSwitchesBackAtOnce() {
      RolloutHarness h = serving(BLUE_GREEN);
      h.step(version(2));
      h.ready(2, 2).step(version(2));
      h.step(version(2), passedSmokeTest());
      h.after(Duration.ofMinutes(2)).step(version(2), mirrored(500, 100.0));
      h.step(version(1));
      assertThat(h.status().stable().version()).isEqualTo(1);
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Aborted);
    }

    private RolloutFigures soloFigures(long requests, double errors) {
      return new RolloutFigures(
          null,
          new io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantFigures(
              "iris-v2", 2, requests, errors, 4.0, null, null, null),
          null);
    }
  }

  @Nested
  class Auto {

    static final String AUTO = "model: {name: iris-classifier, stage: Production}\n";

    @Test
    void identicalWeightsAreSwappedRightAfterTheSmokeTest() {
      RolloutHarness h = serving(AUTO);
      ServedVersion same =
          new ServedVersion(
              "iris-classifier-v2", 2, "pvc://models/x", version(1).digest(), null, 0.93);
      h.step(same);
      h.ready(2).step(same);
      assertThat(h.needs().evidence()).isTrue();
      h.step(same, Optional.of(passedSmokeTest()), Optional.empty(), Optional.empty());
      assertThat(h.status().rollout().strategy()).isEqualTo(RolloutStrategy.Immediate);
      assertThat(h.status().rollout().strategyReason()).contains("same weights");
      assertThat(h.status().rollout().phase()).isEqualTo(RolloutPhase.Promoted);
      assertThat(h.status().stable().version()).isEqualTo(2);
    }

    @Test
    void aNewArchitectureIsShadowedThenCanaried() {
      RolloutHarness h = serving(AUTO);
      h.step(version(2));
      h.ready(2).step(version(2));
      h.step(
          version(2),
          Optional.of(passedSmokeTest()),
          Optional.of(
              new StrategyEvidence(
                  Optional.of(metadata("mlp 4-16-16-3 relu")),
                  Optional.of(metadata("mlp 4-32-3 relu")),
                  "")),
          Optional.empty());
      assertThat(h.status().rollout().strategy()).isEqualTo(RolloutStrategy.Shadow);
      assertThat(h.status().rollout().thenCanary()).isTrue();
      assertThat(h.status().rollout().strategyReason())
          .contains("architecture mlp 4-16-16-3 relu → mlp 4-32-3 relu");
    }

    @Test
    void theSameArchitectureWithNewWeightsIsCanaried() {
      RolloutHarness h = serving(AUTO);
      h.step(version(2));
      h.ready(2).step(version(2));
      h.step(
          version(2),
          Optional.of(passedSmokeTest()),
          Optional.of(
              new StrategyEvidence(
                  Optional.of(metadata("mlp 4-16-16-3 relu")),
                  Optional.of(metadata("mlp 4-16-16-3 relu")),
                  "")),
          Optional.empty());
      assertThat(h.status().rollout().strategy()).isEqualTo(RolloutStrategy.Canary);
      assertThat(h.status().candidate().weight()).as("default first step").isEqualTo(10);
    }

    @Test
    void unreadableMetadataCountsAsTheRiskiestChange() {
      RolloutHarness h = serving(AUTO);
      h.step(version(2));
      h.ready(2).step(version(2));
      h.step(
          version(2),
          Optional.of(passedSmokeTest()),
          Optional.of(
              new StrategyEvidence(Optional.empty(), Optional.empty(), "v1 has no ready pod")),
          Optional.empty());
      assertThat(h.status().rollout().strategy()).isEqualTo(RolloutStrategy.Shadow);
      assertThat(h.status().rollout().strategyReason()).contains("v1 has no ready pod");
    }
  }

  @Nested
  class GpuBudget {

    @Test
    void withoutSurgeTheCandidateGrowsOnlyAsTheStableShrinks() {
      String spec =
          """
          model: {name: iris-classifier, stage: Production}
          runtime: {resources: {gpus: 2}}
          scaling: {minReplicas: 4, maxReplicas: 4}
          rollout:
            strategy: Canary
            maxSurge: 0
            steps: [{weight: 25, pause: 1m}, {weight: 50, pause: 1m}, {weight: 100, pause: 1m}]
            analysis: {minRequests: 10}
          """;
      RolloutHarness h = serving(spec);
      assertBudget(h, 4 * 2);
      h.step(version(2));
      assertBudget(h, 4 * 2);
      h.ready(2).step(version(2));
      h.step(version(2), passedSmokeTest());
      assertThat(h.status().candidate().replicas()).isEqualTo(1);
      assertThat(h.status().stable().replicas()).isEqualTo(3);
      assertBudget(h, 8);
      h.after(Duration.ofMinutes(1)).step(version(2), traffic(100, 0, 30, 0));
      assertThat(h.status().candidate().replicas()).isEqualTo(2);
      assertThat(h.status().stable().replicas()).isEqualTo(2);
      assertBudget(h, 8);
      h.after(Duration.ofMinutes(1)).step(version(2), traffic(100, 0, 100, 0));
      assertThat(h.status().candidate().replicas()).isEqualTo(4);
      assertThat(h.status().stable().replicas()).isZero();
      assertBudget(h, 8);
      h.after(Duration.ofMinutes(1)).step(version(2), traffic(0, 0, 200, 0));
      assertThat(h.status().stable().version()).isEqualTo(2);
      assertThat(h.status().stable().replicas()).isEqualTo(4);
      assertBudget(h, 8);
    }

    @Test
    void aSurgeAllowsThatManyMoreReplicasOnly() {
      String spec =
          """
          model: {name: iris-classifier, stage: Production}
          runtime: {resources: {gpus: 1}}
          scaling: {minReplicas: 2, maxReplicas: 2}
          rollout: {strategy: BlueGreen, maxSurge: 1, observeFor: 1m}
          """;
      RolloutHarness h = serving(spec);
      h.step(version(2));
      assertThat(h.status().candidate().replicas() + h.status().stable().replicas()).isEqualTo(3);
      assertBudget(h, 3);
    }

    private void assertBudget(RolloutHarness h, int gpus) {
      int used =
          java.util.stream.Stream.of(
                  h.status().stable(), h.status().candidate(), h.status().previous())
              .filter(java.util.Objects::nonNull)
              .mapToInt(v -> v.gpus() == null ? 0 : v.gpus())
              .sum();
      assertThat(used).as("GPUs asked for").isLessThanOrEqualTo(gpus);
    }
  }

  @Nested
  class WithScaling {

    @Test
    void aStableScaledToZeroRunsNoReplicaAndStillCountsAsReady() {
      RolloutHarness h = serving(CANARY);
      h.scaling(ScalingState.ScaledToZero, 1).health.clear();
      h.step(version(1));
      assertThat(h.status().stable().replicas()).isZero();
      assertThat(h.condition("Ready").getStatus()).as("the router wakes it").isEqualTo("True");
      assertThat(h.condition("Ready").getReason()).isEqualTo("ScaledToZero");
    }

    @Test
    void outsideItsWindowsTheServiceIsNotReadyAndRunsNothing() {
      RolloutHarness h = serving(CANARY);
      h.scaling(ScalingState.OutsideWindow, 1).health.clear();
      h.step(version(1));
      assertThat(h.status().stable().replicas()).isZero();
      assertThat(h.condition("Ready").getStatus()).isEqualTo("False");
      assertThat(h.condition("Ready").getReason()).isEqualTo("OutsideWindow");
    }

    @Test
    void aPromotedVersionIsNotPutToSleepByTheStateOfTheOneItReplaced() {
      RolloutHarness h = serving(CANARY);
      h.scaling(ScalingState.ScaledToZero, 1);
      h.toFirstStep(version(2));
      assertThat(h.status().candidate().replicas()).as("the candidate runs").isPositive();
      assertThat(h.status().stable().replicas())
          .as("the sleeping stable is not woken only to be judged")
          .isZero();
    }
  }
}
