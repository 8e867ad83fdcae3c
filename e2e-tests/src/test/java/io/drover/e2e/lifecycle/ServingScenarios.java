package io.drover.e2e.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drover.local.cli.TrafficGenerator;
import io.drover.operator.api.common.Stage;
import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.Figure;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RolloutPhase;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingState;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.Verdict;
import io.drover.operator.api.inferenceservice.Rollout.RolloutStrategy;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole lifecycle with real parts: the real trainer trains three models, the registry keeps the
 * better one in Production, and InferenceServices serve them through the real router and model
 * servers while a client sends real requests and ground truth — the router's and the servers'
 * figures are what the rollouts are judged on. Each scenario is one InferenceService in the same
 * namespace, deleted at its end. Subclasses say where it runs (local mode, a real cluster).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServingScenarios {

  static final Path IRIS =
      LocalServingCluster.REPOSITORY.resolve("manifests/examples/data/iris.csv");
  static final Duration TRAINING = Duration.ofMinutes(5);
  static final Duration SERVING = Duration.ofMinutes(4);

  ServingCluster cluster;
  KubernetesClient client;
  String ns;

  /** The three trained models' registered versions: their artifacts serve every scenario. */
  ModelVersion good;

  ModelVersion rushed;
  ModelVersion wide;

  /** The cluster to run on, or null when there is none (then {@link #missing()} says why). */
  abstract ServingCluster connect();

  /** What a subclass needs to run when {@link #connect()} found nothing. */
  String missing() {
    return "no cluster to run on";
  }

  @BeforeAll
  void trainTheModels() {
    cluster = connect();
    if (cluster == null) {
      return;
    }
    client = cluster.client();
    ns = cluster.namespace();
    train("iris-good", "16,16", "100", "Production");
    // A run is Succeeded before its ModelVersion is registered and promoted: the next run is
    // validated against the Production version only once there is one.
    good = registered("iris-good");
    await()
        .atMost(TRAINING)
        .until(
            () -> stage(get(ModelVersion.class, good.getMetadata().getName())) == Stage.Production);
    // Deliberately undertrained: one epoch on a tiny learning rate.
    train("iris-rushed", "2", "1", "Production", "learningRate: \"0.0001\"");
    train("iris-wide", "32,16", "200", "None");
    rushed = registered("iris-rushed");
    wide = registered("iris-wide");
  }

  @BeforeEach
  void needsACluster() {
    assumeTrue(cluster != null, missing());
  }

  @AfterAll
  void disconnect() {
    if (cluster != null) {
      cluster.close();
    }
  }

  // ---- the registry --------------------------------------------------------------------------

  @Test
  void theRegistryKeepsTheBetterModelInProductionAfterARealComparison() {
    assertThat(good.getSpec().metrics().get("accuracy")).isGreaterThanOrEqualTo(0.8);
    assertThat(good.getSpec().artifact().digest()).startsWith("sha256:");
    assertThat(stage(good)).isEqualTo(Stage.Production);
    ModelVersion candidate =
        await()
            .atMost(TRAINING)
            .until(
                () -> get(ModelVersion.class, rushed.getMetadata().getName()),
                v ->
                    v.getStatus() != null
                        && v.getStatus().comparison() != null
                        && v.getStatus().comparison().completionTime() != null);
    var comparison = candidate.getStatus().comparison();
    assertThat(comparison.verdict()).isEqualTo("Lost");
    assertThat(comparison.productionVersion()).isEqualTo(good.getMetadata().getName());
    assertThat(candidate.getStatus().stage()).isEqualTo(Stage.Staging);
    assertThat(stage(get(ModelVersion.class, good.getMetadata().getName())))
        .isEqualTo(Stage.Production);
    var rushedRun = get(TrainingRun.class, "iris-rushed");
    assertThat(rushedRun.getStatus().validation())
        .as(
            "validated against the Production model's data before training: %s",
            Serialization.asYaml(rushedRun.getStatus()))
        .isNotEmpty();
  }

  // ---- rollouts ------------------------------------------------------------------------------

  @Test
  void aNewVersionIsSmokeTestedThenCanariedOnRealTrafficAndPromoted() {
    versions("canary", good, wide);
    serve(
        "canary",
        1,
        """
        rollout:
          strategy: Canary
          steps: [{weight: 25, pause: 8s}, {weight: 50, pause: 8s}]
          analysis: {minRequests: 20, maxErrorPercent: 1, interval: 2s}
        """);
    try (TrafficGenerator traffic = traffic("canary")) {
      Instant changed = pin("canary", 2);
      InferenceService firstStep =
          awaitService("canary", s -> phase(s) == RolloutPhase.Progressing, SERVING);
      Instant trafficGiven = Instant.now();
      var smoke = firstStep.getStatus().rollout().smokeTest();
      assertThat(smoke.verdict()).isEqualTo(Verdict.Pass);
      assertThat(smoke.rows()).as("the bundle's held-out rows").isGreaterThan(10);
      assertThat(smoke.accuracy())
          .isEqualTo(wide.getSpec().metrics().get("accuracy"), within(0.001));
      assertThat(firstStep.getStatus().candidate().weight()).isEqualTo(25);

      InferenceService promoted =
          awaitService("canary", s -> phase(s) == RolloutPhase.Promoted, SERVING);
      assertThat(promoted.getStatus().stable().version()).isEqualTo(2);
      var analysis = promoted.getStatus().rollout().lastAnalysis();
      assertThat(analysis.verdict()).isEqualTo(Verdict.Pass);
      assertThat(analysis.figures())
          .as("real requests counted by the router for both versions")
          .allSatisfy(f -> assertThat(f.requests()).isPositive());
      assertThat(traffic.answeredBy()).containsKeys("canary-v1", "canary-v2");
      assertThat(traffic.failed()).as("no client ever saw an error").isZero();
      System.out.printf(
          "canary: version change to first candidate traffic %d ms; to promotion %d ms%n",
          Duration.between(changed, trafficGiven).toMillis(),
          Duration.between(changed, Instant.now()).toMillis());
    } finally {
      remove("canary");
    }
  }

  @Test
  void aCandidateWhoseBundleDoesNotDoWhatItsRecordSaysFailsTheSmokeTestAndNeverGetsTraffic() {
    // An import that claims the good model's accuracy for the undertrained bundle.
    versions("liar", good, rushed.getSpec().artifact(), 0.95);
    serve("liar", 1, "rollout: {strategy: Canary, steps: [{weight: 50, pause: 5s}]}");
    try (TrafficGenerator traffic = traffic("liar")) {
      pin("liar", 2);
      InferenceService failed = awaitService("liar", s -> phase(s) == RolloutPhase.Failed, SERVING);
      var smoke = failed.getStatus().rollout().smokeTest();
      assertThat(smoke.verdict()).isEqualTo(Verdict.Fail);
      assertThat(smoke.accuracy()).isLessThan(0.8);
      assertThat(smoke.message()).contains("below the recorded 0.95");
      assertThat(failed.getStatus().failedVersions().get(0).reason()).isEqualTo("SmokeTestFailed");
      assertThat(condition(failed, "Degraded").getStatus()).isEqualTo("True");
      assertThat(condition(failed, "Ready").getStatus()).as("v1 still serves").isEqualTo("True");
      awaitGone("liar-v2");
      assertThat(traffic.answeredBy()).containsOnlyKeys("liar-v1");
      assertThat(traffic.failed()).isZero();
    } finally {
      remove("liar");
    }
  }

  @Test
  void aBundleTheServerCannotLoadFailsBeforeAnyTrafficWithTheServersReason() {
    assumeTrue(
        cluster.claim(cluster.modelsClaim()).isPresent(),
        "needs to write a broken bundle onto the models claim, which only local mode can");
    Path broken = breakBundle(good.getSpec().artifact().uri(), "broken-bundle");
    versions(
        "broken",
        good,
        new io.drover.operator.api.modelversion.Artifact(
            "pvc://models/" + broken.getFileName(), good.getSpec().artifact().format(), null),
        0.9);
    serve("broken", 1, "rollout: {strategy: Canary, steps: [{weight: 50, pause: 5s}]}");
    try (TrafficGenerator traffic = traffic("broken")) {
      pin("broken", 2);
      InferenceService failed =
          awaitService("broken", s -> phase(s) == RolloutPhase.Failed, SERVING);
      assertThat(failed.getStatus().failedVersions().get(0).reason())
          .isEqualTo("CandidateNotReady");
      assertThat(failed.getStatus().rollout().message()).contains("cannot serve the model");
      assertThat(traffic.answeredBy()).containsOnlyKeys("broken-v1");
    } finally {
      remove("broken");
    }
  }

  @Test
  void aWorseCandidateIsRolledBackOnItsLiveAccuracyWithTheFigureInStatus() {
    versions("worse", good, rushed);
    serve(
        "worse",
        1,
        """
        rollout:
          strategy: Canary
          steps: [{weight: 30, pause: 30s}]
          analysis: {minRequests: 20, maxAccuracyDropPercent: 10, minFeedbackRows: 20, interval: 2s}
        """);
    try (TrafficGenerator traffic = traffic("worse")) {
      pin("worse", 2);
      InferenceService rolledBack =
          awaitService("worse", s -> phase(s) == RolloutPhase.RolledBack, SERVING);
      var checks = rolledBack.getStatus().rollout().lastAnalysis().checks();
      assertThat(checks)
          .anySatisfy(
              c -> {
                assertThat(c.figure()).isEqualTo(Figure.AccuracyDropPercent);
                assertThat(c.verdict()).isEqualTo(Verdict.Fail);
                assertThat(c.candidate()).isGreaterThan(10.0);
              });
      assertThat(rolledBack.getStatus().rollout().message()).contains("live accuracy");
      assertThat(condition(rolledBack, "Degraded").getReason()).isEqualTo("AnalysisFailed");
      assertThat(rolledBack.getStatus().stable().version()).isEqualTo(1);
      assertThat(events("worse")).contains("RolledBack");
      awaitGone("worse-v2");
      long before = traffic.answeredBy().getOrDefault("worse-v2", 0L);
      pause(Duration.ofSeconds(2));
      assertThat(traffic.answeredBy().getOrDefault("worse-v2", 0L))
          .as("no traffic after the rollback")
          .isEqualTo(before);
    } finally {
      remove("worse");
    }
  }

  @Test
  void aShadowGetsCopiesNeverAnswersAndIsPromotedOnAgreement() {
    versions("shadow", good, wide);
    serve(
        "shadow",
        1,
        """
        rollout:
          strategy: Shadow
          observeFor: 10s
          analysis: {minRequests: 30, minShadowAgreementPercent: 75, interval: 2s}
        """);
    try (TrafficGenerator traffic = traffic("shadow")) {
      pin("shadow", 2);
      awaitService("shadow", s -> phase(s) == RolloutPhase.Progressing, SERVING);
      InferenceService promoted =
          awaitService("shadow", s -> phase(s) == RolloutPhase.Promoted, SERVING);
      var candidate =
          promoted.getStatus().rollout().lastAnalysis().figures().stream()
              .filter(f -> f.version() == 2)
              .findFirst()
              .orElseThrow();
      assertThat(candidate.shadowAgreementPercent()).isGreaterThanOrEqualTo(75.0);
      assertThat(candidate.requests()).as("mirrored copies compared").isGreaterThanOrEqualTo(30);
      Map<String, Long> answered = traffic.answeredBy();
      assertThat(answered.get("shadow-v1")).isPositive();
      assertThat(promoted.getStatus().stable().version()).isEqualTo(2);
    } finally {
      remove("shadow");
    }
  }

  @Test
  void anAbTestSticksEachUserToOneVersionShowsBothAndWaitsForAPerson() throws Exception {
    versions("ab", good, wide);
    serve(
        "ab",
        1,
        """
        rollout:
          strategy: AbTest
          stickyHeader: x-user-id
          candidateWeight: 50
          analysis: {minRequests: 10, interval: 2s}
        """);
    try (TrafficGenerator traffic = traffic("ab")) {
      pin("ab", 2);
      awaitService("ab", s -> phase(s) == RolloutPhase.Progressing, SERVING);
      // The status is written before the routing table, and the router picks the table up moments
      // later: users are split from the first answer by v2 on, which only the A/B table allows.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> traffic.answeredBy().getOrDefault("ab-v2", 0L) > 0);
      URI url = cluster.serviceUrl("ab");
      Map<String, Set<String>> seen = new HashMap<>();
      HttpClient http = HttpClient.newHttpClient();
      for (int user = 0; user < 40; user++) {
        for (int i = 0; i < 4; i++) {
          HttpResponse<String> answer =
              http.send(
                  HttpRequest.newBuilder(url.resolve("/v2/models/ab/infer"))
                      .header("x-user-id", "user-" + user)
                      .POST(HttpRequest.BodyPublishers.ofString(ROW))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(answer.statusCode()).isEqualTo(200);
          seen.computeIfAbsent("user-" + user, k -> new HashSet<>())
              .add(answer.headers().firstValue("x-drover-variant").orElseThrow());
        }
      }
      assertThat(seen)
          .allSatisfy(
              (user, variants) ->
                  assertThat(variants).as("%s always meets the same version", user).hasSize(1));
      assertThat(seen.values().stream().flatMap(Set::stream).distinct())
          .as("both versions have users")
          .containsExactlyInAnyOrder("ab-v1", "ab-v2");
      InferenceService running =
          awaitService(
              "ab",
              s ->
                  s.getStatus().rollout().lastAnalysis() != null
                      && s.getStatus().rollout().lastAnalysis().figures().size() == 2
                      && s.getStatus().rollout().lastAnalysis().figures().stream()
                          .allMatch(f -> f.requests() > 0),
              SERVING);
      assertThat(running.getStatus().rollout().strategy()).isEqualTo(RolloutStrategy.AbTest);
      pause(Duration.ofSeconds(6));
      assertThat(phase(service("ab")))
          .as("never promoted by itself")
          .isEqualTo(RolloutPhase.Progressing);

      edit("ab", "strategy: \"AbTest\"", "strategy: \"Immediate\"");
      InferenceService promoted =
          awaitService("ab", s -> phase(s) == RolloutPhase.Promoted, SERVING);
      assertThat(promoted.getStatus().stable().version()).isEqualTo(2);
    } finally {
      remove("ab");
    }
  }

  @Test
  void blueGreenSwitchesAllTrafficAtOnceAndSwitchesBackInstantly() {
    versions("bluegreen", good, wide);
    serve(
        "bluegreen",
        1,
        """
        rollout:
          strategy: BlueGreen
          observeFor: 8s
          keepPreviousFor: 10m
          analysis: {minRequests: 20, minShadowAgreementPercent: 75, interval: 2s}
        """);
    try (TrafficGenerator traffic = traffic("bluegreen")) {
      String blueUid = get(Deployment.class, "bluegreen-v1").getMetadata().getUid();
      pin("bluegreen", 2);
      InferenceService switched =
          awaitService("bluegreen", s -> s.getStatus().previous() != null, SERVING);
      assertThat(switched.getStatus().stable().version()).isEqualTo(2);
      assertThat(switched.getStatus().previous().version()).isEqualTo(1);
      assertThat(switched.getStatus().previous().replicas()).as("kept at full size").isEqualTo(1);
      awaitAnsweredOnlyBy(traffic, "bluegreen-v2", Duration.ofSeconds(30));

      Instant back = Instant.now();
      pin("bluegreen", 1);
      awaitAnsweredOnlyBy(traffic, "bluegreen-v1", Duration.ofSeconds(30));
      Duration switchBack = Duration.between(back, Instant.now());
      InferenceService after = service("bluegreen");
      assertThat(phase(after)).isEqualTo(RolloutPhase.Aborted);
      assertThat(get(Deployment.class, "bluegreen-v1").getMetadata().getUid())
          .as("the kept version was never restarted: switching back needs no new pod")
          .isEqualTo(blueUid);
      assertThat(traffic.failed()).isZero();
      System.out.printf("blue-green: switched back in %d ms%n", switchBack.toMillis());
    } finally {
      remove("bluegreen");
    }
  }

  @Test
  void autoChoosesTheStrategyFromWhatChangedBetweenTheVersions() {
    versions("auto-arch", good, wide);
    serve("auto-arch", 1, "");
    try (TrafficGenerator traffic = traffic("auto-arch")) {
      pin("auto-arch", 2);
      InferenceService chosen =
          awaitService("auto-arch", s -> s.getStatus().rollout().strategy() != null, SERVING);
      assertThat(chosen.getStatus().rollout().strategy()).isEqualTo(RolloutStrategy.Shadow);
      assertThat(chosen.getStatus().rollout().thenCanary()).isTrue();
      assertThat(chosen.getStatus().rollout().strategyReason())
          .contains("architecture")
          .contains("16-16")
          .contains("32-16");
    } finally {
      remove("auto-arch");
    }

    // The same weights registered again: only serving could have changed.
    versions(
        "auto-same", good, good.getSpec().artifact(), good.getSpec().metrics().get("accuracy"));
    serve("auto-same", 1, "");
    try (TrafficGenerator traffic = traffic("auto-same")) {
      pin("auto-same", 2);
      InferenceService promoted =
          awaitService("auto-same", s -> phase(s) == RolloutPhase.Promoted, SERVING);
      assertThat(promoted.getStatus().rollout().strategy()).isEqualTo(RolloutStrategy.Immediate);
      assertThat(promoted.getStatus().rollout().strategyReason()).contains("same weights");
    } finally {
      remove("auto-same");
    }
  }

  @Test
  void anOperatorRestartedMidRolloutResumesWhereItWasAndPromotesOnce() {
    versions("restart", good, wide);
    serve(
        "restart",
        1,
        """
        rollout:
          strategy: Canary
          steps: [{weight: 25, pause: 10s}, {weight: 50, pause: 10s}]
          analysis: {minRequests: 20, interval: 2s}
        """);
    try (TrafficGenerator traffic = traffic("restart")) {
      pin("restart", 2);
      InferenceService step0 =
          awaitService("restart", s -> phase(s) == RolloutPhase.Progressing, SERVING);
      String candidateUid = get(Deployment.class, "restart-v2").getMetadata().getUid();
      cluster.restartOperator();
      awaitService("restart", s -> phase(s) == RolloutPhase.Promoted, SERVING);
      List<String> reasons = events("restart");
      assertThat(reasons.stream().filter("StepStarted"::equals).count())
          .as("two steps, neither restarted")
          .isEqualTo(2);
      assertThat(reasons.stream().filter("SmokeTestPassed"::equals).count()).isEqualTo(1);
      assertThat(reasons.stream().filter("Promoted"::equals).count()).isEqualTo(1);
      assertThat(get(Deployment.class, "restart-v2").getMetadata().getUid())
          .isEqualTo(candidateUid);
      assertThat(step0.getStatus().rollout().step()).isZero();
      assertThat(traffic.failed()).isZero();
    } finally {
      remove("restart");
    }
  }

  // ---- scaling -------------------------------------------------------------------------------

  @Test
  void anIdleServiceScalesToZeroAndTheNextRequestWakesItWithoutAnError() throws Exception {
    versions("idle", good, wide);
    serve("idle", 1, "scaling: {minReplicas: 0, idleAfter: 3s, activationTimeout: 2m}");
    try {
      URI url = cluster.serviceUrl("idle");
      HttpClient http = HttpClient.newHttpClient();
      assertThat(infer(http, url, "idle").statusCode()).isEqualTo(200);

      InferenceService asleep =
          awaitService("idle", s -> scalingState(s) == ScalingState.ScaledToZero, SERVING);
      assertThat(asleep.getStatus().scaling().message()).contains("no request for 3s");
      await().atMost(Duration.ofMinutes(1)).until(() -> variantPods("idle-v1").isEmpty());
      // Once its last pod is gone, Ready says why nothing runs (it still answers).
      awaitService("idle", s -> "ScaledToZero".equals(condition(s, "Ready").getReason()), SERVING);

      Instant sent = Instant.now();
      HttpResponse<String> first = infer(http, url, "idle");
      Duration coldStart = Duration.between(sent, Instant.now());
      assertThat(first.statusCode())
          .as("held while the version woke, never an error: %s", first.body())
          .isEqualTo(200);
      InferenceService awake =
          awaitService("idle", s -> scalingState(s) == ScalingState.Active, SERVING);
      assertThat(awake.getStatus().scaling().message()).contains("v1 woke in");
      assertThat(events("idle")).contains("ScaledToZero", "Waking", "Woken");
      System.out.printf("cold start through the router: %d ms%n", coldStart.toMillis());
    } finally {
      remove("idle");
    }
  }

  @Test
  void outsideItsWindowsTheServiceRefusesRequestsSayingWhenItOpens() throws Exception {
    versions("closed", good, wide);
    java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
    var time = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
    String start = now.plusHours(2).format(time);
    String end = now.plusHours(3).format(time);
    create(
        "closed",
        1,
        """
        scaling:
          activeWindows:
            - {days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], start: "%s", end: "%s", timeZone: UTC}
        """
            .formatted(start, end));
    try {
      InferenceService closed =
          awaitService("closed", s -> scalingState(s) == ScalingState.OutsideWindow, SERVING);
      String opensAt = closed.getStatus().scaling().opensAt();
      assertThat(opensAt).startsWith(now.plusHours(2).toLocalDate().toString());
      assertThat(condition(closed, "Ready").getReason()).isEqualTo("OutsideWindow");
      // The status is written first; the Deployment follows it.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> get(Deployment.class, "closed-v1").getSpec().getReplicas() == 0);

      URI url = cluster.serviceUrl("closed");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> refused =
          await()
              .atMost(Duration.ofMinutes(1))
              .ignoreExceptions() // the router may still be starting
              .until(() -> infer(http, url, "closed"), r -> r.statusCode() == 503);
      assertThat(refused.body()).contains("opens at " + opensAt).startsWith("{");
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    } finally {
      remove("closed");
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  static final String ROW =
      "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[6.3,3.3,6.0,2.5]}]}";

  // ---- the closed loop ------------------------------------------------------------------------

  @Test
  void driftedTrafficRetrainsTheModelOnItsFeedbackOnceAndTheNewVersionRollsOut() {
    var artifact = good.getSpec().artifact();
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: drover.io/v1alpha1
                kind: ModelVersion
                metadata: {name: loop-v1, namespace: %s}
                spec:
                  model: loop
                  version: 1
                  artifact: {uri: "%s", format: DroverMlp, digest: "%s"}
                  metrics: {accuracy: %s}
                  promotion: Production
                """
                    .formatted(
                        ns,
                        artifact.uri(),
                        artifact.digest(),
                        good.getSpec().metrics().get("accuracy")),
                ModelVersion.class))
        .create();
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: drover.io/v1alpha1
                kind: InferenceService
                metadata: {name: loop, namespace: %s}
                spec:
                  model: {name: loop, stage: Production}
                  runtime: {resources: {cpu: 100m, memory: 384Mi}}
                  rollout:
                    strategy: Canary
                    steps: [{weight: 50, pause: 10s}]
                    analysis: {minRequests: 20, interval: 2s}
                  monitoring: {interval: 2s, feedbackDataset: "pvc://%s/feedback/loop"}
                  retraining:
                    triggers: {onDrift: true, driftReadings: 3, cooldown: 1h}
                    template:
                      model: loop
                      dataset:
                        uri: "pvc://datasets/iris.csv"
                        validation: {onShift: Warn, onLeakage: Warn}
                      hyperparameters: {labelColumn: species, hiddenLayers: "16,16", epochs: "100", seed: "42"}
                      output: {uri: "pvc://%s"}
                      registration: {policy: {minimums: {accuracy: 0.8}}, promotion: Production}
                """
                    .formatted(ns, cluster.modelsClaim(), cluster.modelsClaim()),
                InferenceService.class))
        .create();
    awaitService("loop", s -> isTrue(s, "Ready"), SERVING);
    try (TrafficGenerator traffic = traffic("loop")) {
      // The world changes: sepal width reads 0.8 cm more than in training; labels stay true.
      traffic.shift(1, 0.8);
      InferenceService triggered =
          awaitService(
              "loop",
              s ->
                  s.getStatus().retraining() != null && s.getStatus().retraining().cycles() != null,
              SERVING);
      var cycle = triggered.getStatus().retraining().cycles().get(0);
      assertThat(cycle.trigger().reason())
          .isEqualTo(io.drover.operator.api.common.RetrainingTrigger.Reason.Drift);
      assertThat(cycle.trigger().figures()).contains("sepal_width").contains("3 readings");
      assertThat(triggered.getStatus().monitoring().versions().get(0).drifted()).isTrue();

      TrainingRun run =
          await()
              .atMost(TRAINING)
              .until(
                  () -> get(TrainingRun.class, cycle.trainingRun()),
                  r ->
                      r.getStatus() != null
                          && r.getStatus().phase() != null
                          && r.getStatus().phase().isFinal());
      assertThat(run.getStatus().phase())
          .as("%s: %s (%s)", run.getMetadata().getName(), run.getStatus().message(), cluster.logs())
          .isEqualTo(TrainingPhase.Succeeded);
      var feedback =
          run.getStatus().dataset().sources().stream()
              .filter(source -> source.uri().endsWith("/feedback/loop"))
              .findFirst()
              .orElseThrow();
      assertThat(feedback.rows()).as("the labelled rows the servers kept").isGreaterThan(0);
      assertThat(feedback.digest()).startsWith("sha256:");

      String version = registered(run.getMetadata().getName()).getMetadata().getName();
      ModelVersion retrained = get(ModelVersion.class, version);
      assertThat(retrained.getSpec().source().trigger()).isEqualTo(cycle.trigger());
      assertThat(retrained.getSpec().source().datasetSources()).contains(feedback);

      // The registry compares it with v1 and promotes it; the rollout serves it.
      InferenceService rolledOut =
          awaitService(
              "loop",
              s ->
                  s.getStatus().retraining().cycles().get(0).phase() != null
                      && s.getStatus().retraining().cycles().get(0).phase().isFinal(),
              SERVING);
      var ended = rolledOut.getStatus().retraining().cycles().get(0);
      assertThat(ended.phase())
          .as("cycle 1: %s", ended.message())
          .isEqualTo(
              io.drover.operator.api.inferenceservice.InferenceServiceStatus.CyclePhase.RolledOut);
      assertThat(ended.modelVersion()).isEqualTo(version);
      assertThat(rolledOut.getStatus().stable().modelVersion()).isEqualTo(version);

      // The trigger stays true on the drifted traffic, but the cooldown holds it: one run.
      awaitService(
          "loop",
          s ->
              s.getStatus().retraining().held() != null
                  && s.getStatus().retraining().held().contains("cooldown"),
          SERVING);
      assertThat(
              client.resources(TrainingRun.class).inNamespace(ns).list().getItems().stream()
                  .filter(r -> r.getMetadata().getName().startsWith("loop-retrain-")))
          .hasSize(1);
    } finally {
      remove("loop");
    }
  }

  private void train(String name, String hidden, String epochs, String promotion, String... extra) {
    String hyperparameters =
        "{labelColumn: species, hiddenLayers: \"%s\", epochs: \"%s\", seed: \"42\"%s}"
            .formatted(hidden, epochs, extra.length == 0 ? "" : ", " + String.join(", ", extra));
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: drover.io/v1alpha1
                kind: TrainingRun
                metadata: {name: %s, namespace: %s}
                spec:
                  model: %s
                  dataset: {uri: "pvc://datasets/iris.csv", version: "1936"}
                  hyperparameters: %s
                  output: {uri: "pvc://%s"}
                  registration: {promotion: %s}
                """
                    .formatted(
                        name,
                        ns,
                        name.equals("iris-wide") ? "iris-wide" : "iris-classifier",
                        hyperparameters,
                        cluster.modelsClaim(),
                        promotion),
                TrainingRun.class))
        .create();
    TrainingRun run =
        await()
            .atMost(TRAINING)
            .until(
                () -> get(TrainingRun.class, name),
                r ->
                    r.getStatus() != null
                        && r.getStatus().phase() != null
                        && r.getStatus().phase().isFinal());
    assertThat(run.getStatus().phase())
        .as("%s: %s (%s)", name, run.getStatus().message(), cluster.logs())
        .isEqualTo(TrainingPhase.Succeeded);
  }

  private ModelVersion registered(String run) {
    String name =
        await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> get(TrainingRun.class, run).getStatus().modelVersion(), v -> v != null);
    return await()
        .atMost(TRAINING)
        .until(
            () -> get(ModelVersion.class, name),
            v -> v.getStatus() != null && v.getStatus().stage() != null);
  }

  /** Versions 1 and 2 of a model named after the scenario, as a person imports them. */
  private void versions(String model, ModelVersion first, ModelVersion second) {
    versions(model, first, second.getSpec().artifact(), second.getSpec().metrics().get("accuracy"));
  }

  private void versions(
      String model,
      ModelVersion first,
      io.drover.operator.api.modelversion.Artifact second,
      double secondAccuracy) {
    version(model, 1, first.getSpec().artifact(), first.getSpec().metrics().get("accuracy"));
    version(model, 2, second, secondAccuracy);
  }

  private void version(
      String model,
      int number,
      io.drover.operator.api.modelversion.Artifact artifact,
      double accuracy) {
    String digest = artifact.digest() == null ? "" : ", digest: \"" + artifact.digest() + "\"";
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: drover.io/v1alpha1
                kind: ModelVersion
                metadata: {name: %s-v%d, namespace: %s}
                spec:
                  model: %s
                  version: %d
                  artifact: {uri: "%s", format: DroverMlp%s}
                  metrics: {accuracy: %s}
                """
                    .formatted(model, number, ns, model, number, artifact.uri(), digest, accuracy),
                ModelVersion.class))
        .create();
  }

  /** An InferenceService named after its model, pinned to {@code version}, ready. */
  private void serve(String name, int version, String rollout) {
    create(name, version, rollout);
    awaitService(name, s -> isTrue(s, "Ready"), SERVING);
  }

  private void create(String name, int version, String rollout) {
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: drover.io/v1alpha1
                kind: InferenceService
                metadata: {name: %s, namespace: %s}
                spec:
                  model: {name: %s, version: %d}
                  runtime: {resources: {cpu: 100m, memory: 384Mi}}
                """
                        .formatted(name, ns, name, version)
                    + rollout.indent(2),
                InferenceService.class))
        .create();
  }

  private HttpResponse<String> infer(HttpClient http, URI url, String model) throws Exception {
    return http.send(
        HttpRequest.newBuilder(url.resolve("/v2/models/" + model + "/infer"))
            .timeout(Duration.ofMinutes(3))
            .POST(HttpRequest.BodyPublishers.ofString(ROW))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private List<io.fabric8.kubernetes.api.model.Pod> variantPods(String variant) {
    return client
        .pods()
        .inNamespace(ns)
        .withLabel("drover.io/variant", variant)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static ScalingState scalingState(InferenceService s) {
    return s.getStatus().scaling() == null ? null : s.getStatus().scaling().state();
  }

  private TrafficGenerator traffic(String service) {
    TrafficGenerator traffic = new TrafficGenerator(cluster.serviceUrl(service), service, IRIS);
    traffic.start(20);
    await().atMost(Duration.ofSeconds(30)).until(() -> traffic.answered() > 20);
    return traffic;
  }

  private Instant pin(String service, int version) {
    InferenceService current = service(service);
    edit(service, "version: " + current.getSpec().model().version(), "version: " + version);
    return Instant.now();
  }

  private void edit(String service, String from, String to) {
    InferenceService current = service(service);
    String yaml = Serialization.asYaml(current.getSpec());
    assertThat(yaml).contains(from);
    var spec =
        Serialization.unmarshal(
            yaml.replace(from, to),
            io.drover.operator.api.inferenceservice.InferenceServiceSpec.class);
    current.setSpec(spec);
    current.setStatus(null);
    client.resource(current).update();
  }

  private void remove(String service) {
    client.resources(InferenceService.class).inNamespace(ns).withName(service).delete();
    // Garbage collection of the owned Deployments took over a minute once on 2 loaded cores.
    await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () ->
                client.apps().deployments().inNamespace(ns).list().getItems().stream()
                    .noneMatch(d -> d.getMetadata().getName().startsWith(service + "-")));
  }

  private void awaitGone(String deployment) {
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> client.apps().deployments().inNamespace(ns).withName(deployment).get() == null);
  }

  private void awaitAnsweredOnlyBy(TrafficGenerator traffic, String variant, Duration within) {
    Map<String, Long> before = new HashMap<>(traffic.answeredBy());
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Map<String, Long> now = traffic.answeredBy();
              long others =
                  now.entrySet().stream()
                      .filter(e -> !e.getKey().equals(variant))
                      .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L))
                      .sum();
              before.clear();
              before.putAll(now);
              return others == 0 && now.getOrDefault(variant, 0L) > 0;
            });
  }

  private Path breakBundle(String uri, String copyName) {
    Path models = cluster.claim(cluster.modelsClaim()).orElseThrow();
    Path source = models.resolve(uri.substring(("pvc://" + cluster.modelsClaim() + "/").length()));
    Path target = models.resolve(copyName);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else if (!file.getFileName().toString().endsWith(".params")) {
          Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return target;
  }

  private InferenceService awaitService(
      String name, Predicate<InferenceService> condition, Duration within) {
    try {
      return await()
          .atMost(within)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> service(name), s -> s != null && s.getStatus() != null && condition.test(s));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      InferenceService last = service(name);
      throw new AssertionError(
          "InferenceService %s did not get there; its status: %s%n(%s)"
              .formatted(
                  name,
                  last == null ? null : Serialization.asYaml(last.getStatus()),
                  cluster.logs()),
          e);
    }
  }

  private InferenceService service(String name) {
    return client.resources(InferenceService.class).inNamespace(ns).withName(name).get();
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T get(
      Class<T> kind, String name) {
    return client.resources(kind).inNamespace(ns).withName(name).get();
  }

  private List<String> events(String service) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(
            e ->
                service.equals(e.getInvolvedObject().getName())
                    && "InferenceService".equals(e.getInvolvedObject().getKind()))
        .map(Event::getReason)
        .toList();
  }

  private static Stage stage(ModelVersion version) {
    return version.getStatus() == null ? null : version.getStatus().stage();
  }

  private static RolloutPhase phase(InferenceService s) {
    InferenceServiceStatus status = s.getStatus();
    return status == null || status.rollout() == null ? null : status.rollout().phase();
  }

  private static boolean isTrue(InferenceService s, String type) {
    return s.getStatus().conditions() != null
        && s.getStatus().conditions().stream()
            .anyMatch(c -> c.getType().equals(type) && "True".equals(c.getStatus()));
  }

  private static Condition condition(InferenceService s, String type) {
    return s.getStatus().conditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  private static org.assertj.core.data.Offset<Double> within(double offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }

  private static void pause(Duration duration) {
    await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
  }
}
