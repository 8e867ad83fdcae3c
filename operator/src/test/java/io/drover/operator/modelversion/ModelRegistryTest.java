package io.drover.operator.modelversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.operator.api.common.Stage;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.modelversion.ModelVersionSpec.RequestedStage;
import io.drover.operator.api.modelversion.PolicyCheck;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.testing.DroverTestEnvironment;
import io.drover.operator.testing.JobControllerSimulator;
import io.drover.operator.testing.MockApiServer;
import io.drover.operator.trainingrun.TrainingRunLifecycleTest;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The model registry against a Kubernetes API (the Fabric8 mock server in CRUD mode, one request at
 * a time, see {@link MockApiServer}); the test plays the Job controller and kubelet, including the
 * evaluation containers' results. "Never two Production versions" is checked on every state the API
 * held, not on samples.
 */
class ModelRegistryTest {

  static final String NS = "ml";
  static final String REGISTRY = "/api/v1/namespaces/ml/configmaps/drover-registry-iris-classifier";

  MockApiServer api;
  KubernetesClient client;
  DroverTestEnvironment drover;
  JobControllerSimulator kubernetes;

  @BeforeEach
  void startOperator() {
    api = new MockApiServer();
    client = api.client();
    drover = new DroverTestEnvironment(api.operatorClient());
    drover.installCrds();
    drover.startOperator();
    kubernetes = new JobControllerSimulator(client);
  }

  @AfterEach
  void stopOperator() {
    drover.stopOperator();
    api.close();
  }

  @Test
  void succeededRunIsRegisteredWithLineageAndOutlivesTheRun() {
    TrainingRun run = TrainingRunLifecycleTest.run("iris-1", 0, null);
    client.resource(run).create();
    finishTraining("iris-1", 0.967);

    TrainingRun done = awaitRun("iris-1", r -> r.getStatus().modelVersion() != null);
    assertThat(done.getStatus().modelVersion()).isEqualTo("iris-classifier-v1");
    ModelVersion version = get("iris-classifier-v1");
    assertThat(version.getSpec().model()).isEqualTo("iris-classifier");
    assertThat(version.getSpec().version()).isEqualTo(1);
    assertThat(version.getSpec().artifact().uri()).isEqualTo("pvc://models/iris-classifier/iris-1");
    assertThat(version.getSpec().metrics()).containsEntry("accuracy", 0.967);
    assertThat(version.getSpec().hyperparameters()).containsEntry("epochs", "50");
    var lineage = version.getSpec().source();
    assertThat(lineage.trainingRun()).isEqualTo("iris-1");
    assertThat(lineage.datasetUri()).isEqualTo("pvc://datasets/iris.csv");
    assertThat(lineage.datasetVersion()).isEqualTo("2024-05");
    assertThat(lineage.datasetDigest()).isEqualTo("sha256:9f2c");
    assertThat(lineage.image()).isEqualTo(DroverTestEnvironment.TRAINER_IMAGE);
    assertThat(version.getMetadata().getOwnerReferences())
        .as("deleting the run must not delete the model")
        .isNullOrEmpty();
    awaitStage("iris-classifier-v1", Stage.None);
  }

  @Test
  void registrationTheApiRefusesLeavesTheRunSucceededSaysWhyAndRegistersAfterARestart() {
    TrainingRun run = TrainingRunLifecycleTest.run("iris-1", 0, null);
    client.resource(run).create();
    try (var refusal =
        api.refuse(
            "POST",
            path -> path.startsWith("/apis/drover.io/v1alpha1/namespaces/ml/modelversions"),
            422,
            "ModelVersion.drover.io \"iris-classifier-v1\" is invalid: spec.metrics: Too many"
                + " properties")) {
      finishTraining("iris-1", 0.967);

      TrainingRun refused =
          awaitRun(
              "iris-1",
              r ->
                  "RetryingAfterError".equals(condition(r, "Reconciling").getReason())
                      || "ReconcileFailed".equals(condition(r, "Stalled").getReason()));
      assertThat(refused.getStatus().modelVersion()).isNull();
      assertThat(refused.getStatus().metrics()).containsEntry("accuracy", 0.967);
      assertThat(condition(refused, "Ready").getStatus()).isEqualTo("False");
      assertThat(condition(refused, "Reconciling").getMessage())
          .startsWith(
              "the API answered 422: ModelVersion.drover.io \"iris-classifier-v1\" is"
                  + " invalid");
      drover.stopOperator();
    }

    drover.startOperator();
    TrainingRun registered = awaitRun("iris-1", r -> r.getStatus().modelVersion() != null);
    assertThat(registered.getStatus().modelVersion()).isEqualTo("iris-classifier-v1");
    assertThat(condition(registered, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(registered, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(client.resources(ModelVersion.class).inNamespace(NS).list().getItems())
        .extracting(v -> v.getMetadata().getName())
        .containsExactly("iris-classifier-v1");
  }

  @Test
  void runsFinishingTogetherGetDistinctVersionNumbers() {
    List<String> names = List.of("iris-a", "iris-b", "iris-c");
    names.forEach(n -> client.resource(TrainingRunLifecycleTest.run(n, 0, null)).create());
    names.forEach(n -> awaitJob(n + "-train"));
    names.parallelStream().forEach(n -> finishTraining(n, 0.95));

    names.forEach(n -> awaitRun(n, r -> r.getStatus().modelVersion() != null));
    assertThat(names.stream().map(n -> getRun(n).getStatus().modelVersion()))
        .containsExactlyInAnyOrder(
            "iris-classifier-v1", "iris-classifier-v2", "iris-classifier-v3");
    assertThat(client.resources(ModelVersion.class).inNamespace(NS).list().getItems())
        .extracting(v -> v.getSpec().version())
        .containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void failingPolicyRejectsTheVersionListingEveryCheck() {
    apply(
        version(
            "iris-classifier-v7",
            7,
            "{accuracy: 0.82, logLoss: 0.61}",
            """
            policy:
              minimums: {accuracy: 0.9}
              maximums: {logLoss: 0.7}
            promotion: Production
            """));

    ModelVersion rejected = awaitStage("iris-classifier-v7", Stage.Rejected);
    assertThat(rejected.getStatus().policyChecks())
        .extracting(
            PolicyCheck::kind, PolicyCheck::metric, PolicyCheck::value, PolicyCheck::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Minimum", "accuracy", 0.82, "Fail"),
            org.assertj.core.groups.Tuple.tuple("Maximum", "logLoss", 0.61, "Pass"));
    assertThat(rejected.getStatus().message()).contains("accuracy 0.82 is below the minimum 0.9");
    assertThat(condition(rejected, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(rejected, "Stalled").getReason()).isEqualTo("PolicyFailed");
    assertThat(recordedProduction()).isEmpty();
  }

  @Test
  void betterCandidateReplacesProductionWhichIsArchived() {
    apply(version("iris-classifier-v1", 1, "{accuracy: 0.90}", "promotion: Production\n"));
    awaitStage("iris-classifier-v1", Stage.Production);

    apply(version("iris-classifier-v2", 2, "{accuracy: 0.97}", "promotion: Production\n"));
    evaluate("iris-classifier-v2", 0.97, 0.90);

    ModelVersion promoted = awaitStage("iris-classifier-v2", Stage.Production);
    ModelVersion archived = awaitStage("iris-classifier-v1", Stage.Archived);
    assertThat(promoted.getStatus().comparison().verdict()).isEqualTo("Won");
    assertThat(promoted.getStatus().comparison().productionVersion())
        .isEqualTo("iris-classifier-v1");
    assertThat(promoted.getStatus().comparison().datasetUri())
        .isEqualTo("pvc://models/iris-classifier/iris-classifier-v2/test.csv");
    assertThat(promoted.getStatus().comparison().metrics())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.metric()).isEqualTo("accuracy");
              assertThat(d.delta()).isCloseTo(0.07, org.assertj.core.data.Offset.offset(1e-9));
            });
    assertThat(archived.getStatus().message())
        .contains("replaced in Production by iris-classifier-v2");
    assertThat(productionVersions()).containsExactly("iris-classifier-v2");
  }

  @Test
  void worseCandidateStaysInStagingWithTheComparisonShown() {
    apply(version("iris-classifier-v1", 1, "{accuracy: 0.95}", "promotion: Production\n"));
    awaitStage("iris-classifier-v1", Stage.Production);

    apply(version("iris-classifier-v2", 2, "{accuracy: 0.91}", "promotion: Production\n"));
    evaluate("iris-classifier-v2", 0.91, 0.95);

    ModelVersion staged =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> get("iris-classifier-v2"),
                v ->
                    v.getStatus() != null
                        && "LostComparison".equals(condition(v, "Ready").getReason()));
    assertThat(staged.getStatus().stage()).isEqualTo(Stage.Staging);
    assertThat(staged.getStatus().comparison().verdict()).isEqualTo("Lost");
    assertThat(staged.getStatus().message())
        .startsWith("stays in Staging: accuracy 0.9100 vs 0.9500");
    assertThat(productionVersions()).containsExactly("iris-classifier-v1");
  }

  @Test
  void mustBeatProductionMarginFailureRejects() {
    apply(version("iris-classifier-v1", 1, "{accuracy: 0.95}", "promotion: Production\n"));
    awaitStage("iris-classifier-v1", Stage.Production);

    apply(
        version(
            "iris-classifier-v2",
            2,
            "{accuracy: 0.955}",
            """
            policy:
              mustBeatProduction: {metric: accuracy, margin: 0.01}
            promotion: Production
            """));
    evaluate("iris-classifier-v2", 0.955, 0.95);

    ModelVersion rejected = awaitStage("iris-classifier-v2", Stage.Rejected);
    assertThat(rejected.getStatus().policyChecks())
        .singleElement()
        .satisfies(
            check -> {
              assertThat(check.kind()).isEqualTo("BeatProduction");
              assertThat(check.verdict()).isEqualTo("Fail");
              assertThat(check.message()).contains("better by 0.0050 (margin 0.01)");
            });
  }

  @Test
  void approvalRequiredStopsAtStagingUntilAnApproverSetsProduction() {
    apply(
        version(
            "iris-classifier-v1",
            1,
            "{accuracy: 0.96}",
            """
            policy: {requireApproval: true}
            promotion: Production
            """));

    ModelVersion waiting =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> get("iris-classifier-v1"),
                v -> v.getStatus() != null && hasCondition(v, "AwaitingApproval", "True"));
    assertThat(waiting.getStatus().stage()).isEqualTo(Stage.Staging);
    assertThat(condition(waiting, "Ready").getStatus()).isEqualTo("False");

    client
        .resources(ModelVersion.class)
        .inNamespace(NS)
        .withName("iris-classifier-v1")
        .edit(
            v -> {
              v.getMetadata().getAnnotations().put("drover.io/approved-by", "alice@example.com");
              v.setSpec(v.getSpec().withStage(RequestedStage.Production));
              return v;
            });

    ModelVersion approved = awaitStage("iris-classifier-v1", Stage.Production);
    assertThat(approved.getStatus().approval().approvedBy()).isEqualTo("alice@example.com");
    assertThat(approved.getStatus().approval().approvedAt()).isNotBlank();
    assertThat(hasCondition(approved, "AwaitingApproval", "False")).isTrue();
  }

  @Test
  void deletedProductionVersionCountsAsNoneAndTheNextPromotionTakesItsPlace() {
    apply(version("iris-classifier-v1", 1, "{accuracy: 0.90}", "promotion: Production\n"));
    awaitStage("iris-classifier-v1", Stage.Production);
    client.resources(ModelVersion.class).inNamespace(NS).withName("iris-classifier-v1").delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> get("iris-classifier-v1") == null);

    apply(version("iris-classifier-v2", 2, "{accuracy: 0.80}", "promotion: Production\n"));

    ModelVersion promoted = awaitStage("iris-classifier-v2", Stage.Production);
    assertThat(api.accepted())
        .as("the promotion said what it replaced")
        .anySatisfy(
            write -> {
              assertThat(write.path()).endsWith("/modelversions/iris-classifier-v2/status");
              assertThat(write.body())
                  .contains("promoted to Production, replacing deleted iris-classifier-v1");
            });
    assertThat(recordedProduction()).contains("iris-classifier-v2");
    assertThat(condition(promoted, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void promotionTheApiKeepsRefusingIsShownInStatus() {
    // The operator's account may not create the registry record (a chart without that RBAC rule).
    try (var refusal =
        api.refuse(
            "POST",
            path -> path.startsWith("/api/v1/namespaces/ml/configmaps"),
            403,
            "configmaps is forbidden: User \"system:serviceaccount:drover:drover-operator\" cannot"
                + " create resource \"configmaps\" in the namespace \"ml\"")) {
      apply(version("iris-classifier-v1", 1, "{accuracy: 0.90}", "promotion: Production\n"));

      ModelVersion failing =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> get("iris-classifier-v1"),
                  v ->
                      v.getStatus() != null
                          && hasCondition(v, "Reconciling", "True")
                          && "RetryingAfterError".equals(condition(v, "Reconciling").getReason()));
      assertThat(condition(failing, "Reconciling").getMessage())
          .startsWith("the API answered 403: configmaps is forbidden")
          .contains("retrying");
      assertThat(recordedProduction()).isEmpty();
    }
    // Once the rule is there, the retries promote it.
    awaitStage("iris-classifier-v1", Stage.Production);
  }

  @Test
  void restartBetweenMovingTheRecordAndArchivingStillLeavesExactlyOneProduction() {
    apply(version("iris-classifier-v1", 1, "{accuracy: 0.90}", "promotion: Production\n"));
    awaitStage("iris-classifier-v1", Stage.Production);
    apply(version("iris-classifier-v2", 2, "{accuracy: 0.97}", "promotion: Staging\n"));
    awaitStage("iris-classifier-v2", Stage.Staging);

    // The operator dies right after its compare-and-swap moved the Production record to v2: v1's
    // status still says Production, v2's says Staging.
    drover.stopOperator();
    client
        .configMaps()
        .inNamespace(NS)
        .withName("drover-registry-iris-classifier")
        .edit(
            cm ->
                new ConfigMapBuilder(cm)
                    .addToData("production", "iris-classifier-v2")
                    .addToData("previous", "iris-classifier-v1")
                    .build());
    assertThat(get("iris-classifier-v1").getStatus().stage()).isEqualTo(Stage.Production);
    // v1's own reconcile is slow to archive it: every status write of v1 waits until v2's status
    // has been written (or 5 s). Whoever reports v2 in Production must archive v1 first.
    var slowArchive =
        api.holdUntil(
            "PUT",
            path -> path.endsWith("/modelversions/iris-classifier-v1/status"),
            "PUT",
            path -> path.endsWith("/modelversions/iris-classifier-v2/status"),
            Duration.ofSeconds(5));
    drover.startOperator();

    awaitStage("iris-classifier-v2", Stage.Production);
    awaitStage("iris-classifier-v1", Stage.Archived);
    assertThat(api.productionClaims())
        .as("every state the API held")
        .allSatisfy(claims -> assertThat(claims).hasSizeLessThanOrEqualTo(1));
  }

  @Test
  void concurrentPromotionsEndWithOneProductionComparedAgainstTheWinner() {
    apply(version("iris-classifier-v1", 1, "{accuracy: 0.90}", "promotion: Production\n"));
    awaitStage("iris-classifier-v1", Stage.Production);
    // Both promotions leave for the API together, each expecting v1 in Production: only the API
    // server's compare-and-swap can decide between them.
    var race =
        api.holdUntilPaired("PATCH", path -> path.startsWith(REGISTRY), Duration.ofSeconds(20));

    apply(version("iris-classifier-v2", 2, "{accuracy: 0.96}", "promotion: Production\n"));
    apply(version("iris-classifier-v3", 3, "{accuracy: 0.97}", "promotion: Production\n"));
    awaitJob("iris-classifier-v2-compare");
    awaitJob("iris-classifier-v3-compare");
    List.of("iris-classifier-v2", "iris-classifier-v3").parallelStream()
        .forEach(v -> evaluate(v, v.endsWith("2") ? 0.96 : 0.97, 0.90));

    // Whichever moved the Production record second must first beat the first one.
    String first =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                this::productionVersions, p -> p.size() == 1 && !p.contains("iris-classifier-v1"))
            .get(0);
    String second =
        first.equals("iris-classifier-v2") ? "iris-classifier-v3" : "iris-classifier-v2";
    Job rematch =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    client.batch().v1().jobs().inNamespace(NS).withName(second + "-compare").get(),
                j ->
                    j != null
                        && first.equals(
                            j.getMetadata().getAnnotations().get("drover.io/compared-with")));
    assertThat(race.formed()).as("both promotions reached the API together").isTrue();
    assertThat(api.accepted())
        .as("the loser said why it did not promote")
        .anySatisfy(
            write -> {
              assertThat(write.path()).endsWith("/modelversions/" + second + "/status");
              assertThat(write.body()).contains("ProductionMoved");
            });
    var pod = kubernetes.createPod(rematch, 1);
    kubernetes.allTerminated(
        pod,
        Map.of(
            "candidate", evaluation(second.endsWith("2") ? 0.96 : 0.97),
            "production", evaluation(first.endsWith("2") ? 0.96 : 0.97)),
        Instant.now());
    kubernetes.complete(rematch, Instant.now());

    awaitStage("iris-classifier-v3", Stage.Production);
    assertThat(get("iris-classifier-v1").getStatus().stage()).isEqualTo(Stage.Archived);
    assertThat(get("iris-classifier-v2").getStatus().stage()).isIn(Stage.Archived, Stage.Staging);
    assertThat(api.productionClaims())
        .as("every state the API held")
        .allSatisfy(claims -> assertThat(claims).hasSizeLessThanOrEqualTo(1));
  }

  @Test
  void stageChangesAndRejectionsReachTheWebhook() throws Exception {
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer receiver =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          var body =
              new com.fasterxml.jackson.databind.ObjectMapper()
                  .readTree(exchange.getRequestBody().readAllBytes());
          events.add(body.get("event").asText() + " " + body.get("name").asText());
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    try {
      client
          .resource(
              new io.fabric8.kubernetes.api.model.SecretBuilder()
                  .withNewMetadata()
                  .withName("drover-notifications")
                  .withNamespace(NS)
                  .endMetadata()
                  .addToStringData("url", "http://127.0.0.1:" + receiver.getAddress().getPort())
                  .build())
          .create();

      apply(version("iris-classifier-v1", 1, "{accuracy: 0.96}", "promotion: Production\n"));
      apply(
          version(
              "iris-classifier-v2",
              2,
              "{accuracy: 0.5}",
              "policy: {minimums: {accuracy: 0.9}}\npromotion: Staging\n"));

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(events)
                      .contains("Production iris-classifier-v1", "Rejected iris-classifier-v2"));
    } finally {
      receiver.stop(0);
    }
  }

  // --- helpers ---

  java.util.Optional<String> recordedProduction() {
    var record =
        client.configMaps().inNamespace(NS).withName("drover-registry-iris-classifier").get();
    return java.util.Optional.ofNullable(record)
        .map(r -> r.getData().get("production"))
        .filter(name -> !name.isBlank());
  }

  void finishTraining(String run, double accuracy) {
    Job job = awaitJob(run + "-train");
    Instant now = Instant.now();
    var pod = kubernetes.createPod(job, 0);
    kubernetes.terminated(
        pod,
        0,
        TrainingRunLifecycleTest.RESULT
            .replace("0.967", Double.toString(accuracy))
            .replace("iris-1", run),
        now,
        now.plusSeconds(5));
    kubernetes.complete(job, now.plusSeconds(5));
  }

  /** Plays the evaluation pod: both containers report accuracy on the same rows. */
  void evaluate(String candidate, double candidateAccuracy, double productionAccuracy) {
    Job job = awaitJob(candidate + "-compare");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getName())
        .containsExactly("candidate", "production");
    var pod = kubernetes.createPod(job, 0);
    kubernetes.allTerminated(
        pod,
        Map.of(
            "candidate", evaluation(candidateAccuracy),
            "production", evaluation(productionAccuracy)),
        Instant.now());
    kubernetes.complete(job, Instant.now());
  }

  static String evaluation(double accuracy) {
    return "{\"outcome\":\"Succeeded\",\"metrics\":{\"accuracy\":" + accuracy + "}}";
  }

  static ModelVersion version(String name, int number, String metrics, String extra) {
    return Serialization.unmarshal(
        """
        apiVersion: drover.io/v1alpha1
        kind: ModelVersion
        metadata: {name: %s, namespace: ml, annotations: {}}
        spec:
          model: iris-classifier
          version: %d
          artifact: {uri: "pvc://models/iris-classifier/%s", format: DroverMlp}
          metrics: %s
        %s"""
            .formatted(name, number, name, metrics, extra.indent(2)),
        ModelVersion.class);
  }

  void apply(ModelVersion version) {
    client.resource(version).create();
  }

  ModelVersion get(String name) {
    return client.resources(ModelVersion.class).inNamespace(NS).withName(name).get();
  }

  TrainingRun getRun(String name) {
    return client.resources(TrainingRun.class).inNamespace(NS).withName(name).get();
  }

  List<String> productionVersions() {
    return client.resources(ModelVersion.class).inNamespace(NS).list().getItems().stream()
        .filter(v -> v.getStatus() != null && v.getStatus().stage() == Stage.Production)
        .map(v -> v.getMetadata().getName())
        .toList();
  }

  ModelVersion awaitStage(String name, Stage stage) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> get(name),
            v -> v != null && v.getStatus() != null && v.getStatus().stage() == stage);
  }

  TrainingRun awaitRun(String name, java.util.function.Predicate<TrainingRun> done) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> getRun(name),
            r ->
                r != null
                    && r.getStatus() != null
                    && r.getStatus().phase() == TrainingPhase.Succeeded
                    && done.test(r));
  }

  Job awaitJob(String name) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> client.batch().v1().jobs().inNamespace(NS).withName(name).get(), j -> j != null);
  }

  static Condition condition(TrainingRun run, String type) {
    return run.getStatus().conditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(new Condition());
  }

  static Condition condition(ModelVersion version, String type) {
    return version.getStatus().conditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition"));
  }

  static boolean hasCondition(ModelVersion version, String type, String status) {
    return version.getStatus().conditions() != null
        && version.getStatus().conditions().stream()
            .anyMatch(c -> c.getType().equals(type) && c.getStatus().equals(status));
  }
}
