package io.drover.operator.inferenceservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.operator.api.common.RetrainingTrigger;
import io.drover.operator.api.common.RetrainingTrigger.Reason;
import io.drover.operator.api.common.Stage;
import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.CyclePhase;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RetrainingCycle;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.trainingrun.DatasetSource;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.testing.DeploymentControllerSimulator;
import io.drover.operator.testing.DroverTestEnvironment;
import io.drover.operator.testing.JobControllerSimulator;
import io.drover.operator.testing.ScriptedDataPlane;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The closed loop on the Fabric8 mock API: the InferenceService controller reads the servers'
 * figures (scripted), fires a trigger and creates the retraining TrainingRun; the real TrainingRun
 * and ModelVersion controllers train (the test plays the Job controller), register and promote; the
 * rollout serves the new version — and status shows the chain. The same loop with real routers,
 * servers and trainer is in e2e-tests.
 */
@EnableKubernetesMockClient(crud = true)
class RetrainingLoopTest {

  static final String NS = "ml";

  KubernetesClient client;
  KubernetesMockServer server;
  DroverTestEnvironment drover;
  DeploymentControllerSimulator deployments;
  JobControllerSimulator jobs;
  ScriptedDataPlane dataPlane;

  @BeforeEach
  void start() {
    drover = new DroverTestEnvironment(client);
    drover.installCrds();
    dataPlane = new ScriptedDataPlane();
    dataPlane.figures("iris-v1", 900, 0, 8);
    dataPlane.figures("iris-v2", 100, 0, 9);
    drover.startOperator(dataPlane);
    deployments = new DeploymentControllerSimulator(client, NS);
    jobs = new JobControllerSimulator(client);
  }

  @AfterEach
  void stop() {
    deployments.close();
    drover.stopOperator();
  }

  @Test
  void sustainedDriftStartsExactlyOneRunWhoseVersionRollsOutWithTheWholeChainInStatus() {
    servedV1(
        """
          monitoring: {interval: 1s, driftThreshold: 0.2, feedbackDataset: "pvc://feedback/iris"}
          retraining:
            triggers: {onDrift: true, driftReadings: 2, cooldown: 1h}
            template:
              model: iris-classifier
              dataset: {uri: "pvc://datasets/iris.csv"}
              registration: {promotion: Production}
        """);
    dataPlane.monitoring(0.45, null, 0);

    TrainingRun run = awaitRun("iris-retrain-1");
    RetrainingTrigger trigger =
        RetrainingTrigger.of(run.getMetadata().getAnnotations()).orElseThrow();
    assertThat(trigger.reason()).isEqualTo(Reason.Drift);
    assertThat(trigger.inferenceService()).isEqualTo("iris");
    assertThat(trigger.figures()).contains("petal_length psi 0.450").contains("2 readings");
    assertThat(run.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("InferenceService"));
    assertThat(run.getSpec().dataset().sources())
        .as("the servers' feedback rows are trained on with the base data")
        .containsExactly(new DatasetSource("pvc://feedback/iris", "feedback"));
    InferenceService training = awaitService(s -> phaseOf(s, 1) == CyclePhase.Training);
    assertThat(training.getStatus().monitoring().versions())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.drifted()).isTrue();
              assertThat(v.maxPsi()).isEqualTo(0.45);
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                drover
                    .registry()
                    .find("drover.inferenceservice.drift.psi")
                    .tags("inferenceservice", "iris", "feature", "petal_length")
                    .gauge(),
            gauge -> gauge != null && gauge.value() == 0.45);

    // Readings go on drifting while it trains: still one run.
    awaitReadings(3);
    assertThat(retrainingRuns()).containsExactly("iris-retrain-1");

    succeed("iris-retrain-1", 0.967);
    compare("iris-classifier-v2", 0.97, 0.90);
    InferenceService rolledOut =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(this::service, s -> phaseOf(s, 1) == CyclePhase.RolledOut);
    RetrainingCycle cycle = rolledOut.getStatus().retraining().cycles().get(0);
    assertThat(cycle.trainingRun()).isEqualTo("iris-retrain-1");
    assertThat(cycle.modelVersion()).isEqualTo("iris-classifier-v2");
    assertThat(cycle.trigger().reason()).isEqualTo(Reason.Drift);
    assertThat(cycle.endedAt()).isNotNull();
    assertThat(rolledOut.getStatus().stable().modelVersion()).isEqualTo("iris-classifier-v2");
    ModelVersion v2 = modelVersion("iris-classifier-v2");
    assertThat(v2.getSpec().source().trainingRun()).isEqualTo("iris-retrain-1");
    assertThat(v2.getSpec().source().trigger()).isEqualTo(trigger);

    // Drift on v2 too: the cooldown holds it, no second run.
    awaitReadings(3);
    assertThat(retrainingRuns()).containsExactly("iris-retrain-1");
    assertThat(service().getStatus().retraining().held()).contains("cooldown until");
    assertThat(events()).contains("RetrainingStarted", "RetrainingRolledOut");
  }

  @Test
  void aRejectedCandidateLeavesTheStableVersionUntouched() {
    servedV1(
        """
          monitoring: {interval: 1s}
          retraining:
            triggers: {onDrift: true, driftReadings: 1}
            template:
              model: iris-classifier
              dataset: {uri: "pvc://datasets/iris.csv"}
              registration:
                promotion: Production
                policy: {minimums: {accuracy: 0.99}}
        """);
    String stableUid = deployment("iris-v1").getMetadata().getUid();
    dataPlane.monitoring(0.45, null, 0);
    awaitRun("iris-retrain-1");

    succeed("iris-retrain-1", 0.967);
    InferenceService rejected =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(this::service, s -> phaseOf(s, 1) == CyclePhase.Rejected);
    assertThat(rejected.getStatus().retraining().cycles().get(0).message())
        .contains("iris-classifier-v2 is Rejected");
    assertThat(modelVersion("iris-classifier-v2").getStatus().stage()).isEqualTo(Stage.Rejected);
    assertThat(rejected.getStatus().stable().modelVersion()).isEqualTo("iris-classifier-v1");
    assertThat(rejected.getStatus().candidate()).isNull();
    assertThat(deployment("iris-v1").getMetadata().getUid()).isEqualTo(stableUid);
    assertThat(client.apps().deployments().inNamespace(NS).withName("iris-v2").get()).isNull();
  }

  @Test
  void failedRunsOpenTheBreakerWhichStaysOpenUntilAPersonResetsIt() {
    servedV1(
        """
          monitoring: {interval: 1s}
          retraining:
            maxConsecutiveFailures: 2
            triggers: {onDrift: true, driftReadings: 1, cooldown: 1s, maxRunsPerDay: 10}
            template:
              model: iris-classifier
              dataset: {uri: "pvc://datasets/iris.csv"}
        """);
    dataPlane.monitoring(0.45, null, 0);
    fail("iris-retrain-1");
    awaitService(s -> phaseOf(s, 1) == CyclePhase.Failed);
    fail("iris-retrain-2");

    InferenceService open =
        awaitService(s -> conditionReason(s, "Degraded").equals("RetrainingBreakerOpen"));
    assertThat(open.getStatus().retraining().breaker().reason())
        .contains("2 retraining cycles in a row failed")
        .contains("schema");
    assertThat(condition(open, "Ready").getStatus())
        .as("serving goes on: only retraining stopped")
        .isEqualTo("True");
    // The gauge follows once the status is written.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                drover
                    .registry()
                    .get("drover.retraining.breaker.open")
                    .tags("inferenceservice", "iris")
                    .gauge()
                    .value(),
            value -> value == 1.0);

    awaitReadings(4);
    assertThat(retrainingRuns()).containsExactlyInAnyOrder("iris-retrain-1", "iris-retrain-2");
    assertThat(service().getStatus().retraining().held()).contains("circuit breaker is open");

    client
        .resources(InferenceService.class)
        .inNamespace(NS)
        .withName("iris")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"drover.io/reset-retraining\":\"once\"}}}");
    awaitRun("iris-retrain-3");
    assertThat(conditionReason(service(), "Degraded")).isNotEqualTo("RetrainingBreakerOpen");
  }

  @Test
  void aTemplateTheApiRefusesFailsItsCyclesNamingTheFieldAndOpensTheBreaker() {
    // What a real API server answers for a TrainingRun that breaks the CRD's rules.
    server
        .expect()
        .post()
        .withPath("/apis/drover.io/v1alpha1/namespaces/ml/trainingruns")
        .andReturn(
            422,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(422)
                .withReason("Invalid")
                .withMessage(
                    "TrainingRun.drover.io \"iris-retrain-1\" is invalid: spec.dataset.uri:"
                        + " Invalid value: \"ftp://x\": must start with pvc:// or s3://")
                .build())
        .always();
    servedV1(
        """
          monitoring: {interval: 1s}
          retraining:
            maxConsecutiveFailures: 2
            triggers: {onDrift: true, driftReadings: 1, cooldown: 1s, maxRunsPerDay: 10}
            template:
              model: iris-classifier
              dataset: {uri: "ftp://x"}
        """);
    dataPlane.monitoring(0.45, null, 0);

    InferenceService failed = awaitService(s -> phaseOf(s, 1) == CyclePhase.Failed);
    RetrainingCycle first = failed.getStatus().retraining().cycles().get(0);
    assertThat(first.message())
        .contains("iris-retrain-1")
        .contains("the API refused to create it")
        .contains("spec.dataset.uri")
        .contains("fix spec.retraining.template");
    InferenceService open =
        awaitService(s -> conditionReason(s, "Degraded").equals("RetrainingBreakerOpen"));
    assertThat(open.getStatus().retraining().cyclesStarted()).isEqualTo(2);
    assertThat(condition(open, "Ready").getStatus()).isEqualTo("True");
    awaitReadings(3);
    assertThat(service().getStatus().retraining().cyclesStarted())
        .as("no run is attempted while the breaker is open")
        .isEqualTo(2);
  }

  @Test
  void theScheduleStartsARunAtItsTime() {
    drover.clock.set(Instant.parse("2026-12-01T02:59:40Z"));
    servedV1(
        """
          monitoring: {interval: 1s}
          retraining:
            triggers: {schedule: "0 3 * * *", timeZone: UTC}
            template:
              model: iris-classifier
              dataset: {uri: "pvc://datasets/iris.csv"}
        """);
    awaitService(
        s ->
            s.getStatus().retraining() != null
                && "2026-12-01T03:00:00Z".equals(s.getStatus().retraining().nextScheduledTime()));
    assertThat(retrainingRuns()).isEmpty();

    drover.clock.set(Instant.parse("2026-12-01T03:00:05Z"));
    TrainingRun run = awaitRun("iris-retrain-1");
    RetrainingTrigger trigger =
        RetrainingTrigger.of(run.getMetadata().getAnnotations()).orElseThrow();
    assertThat(trigger.reason()).isEqualTo(Reason.Schedule);
    assertThat(trigger.figures()).contains("2026-12-01T03:00:00Z");
    assertThat(run.getSpec().dataset().sources()).as("no feedback data set named").isEmpty();
  }

  @Test
  void accuracyLossOnEnoughFeedbackStartsARun() {
    servedV1(
        """
          monitoring: {interval: 1s}
          retraining:
            triggers: {accuracyBelow: 0.8, minLabelledRows: 100}
            template:
              model: iris-classifier
              dataset: {uri: "pvc://datasets/iris.csv"}
        """);
    dataPlane.monitoring(0.01, 0.55, 60);
    awaitReadings(3);
    assertThat(retrainingRuns()).as("60 labelled rows are too few to judge").isEmpty();

    dataPlane.monitoring(0.01, 0.55, 150);
    TrainingRun run = awaitRun("iris-retrain-1");
    assertThat(RetrainingTrigger.of(run.getMetadata().getAnnotations()).orElseThrow().figures())
        .isEqualTo("v1 live accuracy 0.550 < 0.800 on 150 labelled rows");
    assertThat(service().getStatus().monitoring().versions().get(0).liveAccuracy()).isEqualTo(0.55);
  }

  @Test
  void askingForPrometheusWithoutTheOperatorsUrlNamesTheSettingAndStartsNoRun() {
    // The servers drift, but this service reads Prometheus, which the operator was not given.
    dataPlane.monitoring(0.9, 0.5, 500);
    servedV1(
        """
          monitoring: {interval: 1s, source: Prometheus}
          retraining:
            triggers: {onDrift: true, driftReadings: 1, accuracyBelow: 0.8, minLabelledRows: 100}
            template:
              model: iris-classifier
              dataset: {uri: "pvc://datasets/iris.csv"}
        """);
    await().atMost(Duration.ofSeconds(20)).until(() -> service().getStatus().monitoring() != null);
    awaitReadings(2);

    var monitoring = service().getStatus().monitoring();
    assertThat(monitoring.versions()).isNull();
    assertThat(monitoring.unavailable())
        .contains("spec.monitoring.source is Prometheus")
        .contains("drover.monitoring.prometheus-url");
    assertThat(retrainingRuns()).isEmpty();
    assertThat(isTrue(service(), "Ready")).isTrue();
  }

  // ---- the test's side of the loop ----------------------------------------------------------

  /** v1 in Production and served; the service's loop as given, indented under spec. */
  private void servedV1(String loop) {
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: drover.io/v1alpha1
                kind: ModelVersion
                metadata: {name: iris-classifier-v1, namespace: ml, labels: {drover.io/model: iris-classifier}}
                spec:
                  model: iris-classifier
                  version: 1
                  artifact: {uri: "pvc://models/iris-classifier/run-1", format: DroverMlp, digest: "sha256:%s"}
                  metrics: {accuracy: 0.95}
                  promotion: Production
                """
                    .formatted("1".repeat(64)),
                ModelVersion.class))
        .create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> modelVersion("iris-classifier-v1"),
            v -> v != null && v.getStatus() != null && v.getStatus().stage() == Stage.Production);
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: drover.io/v1alpha1
                kind: InferenceService
                metadata: {name: iris, namespace: ml}
                spec:
                  model: {name: iris-classifier, stage: Production}
                  rollout:
                    strategy: Canary
                    steps: [{weight: 50, pause: 1s}]
                    analysis: {minRequests: 50, interval: 1s}
                """
                    + loop,
                InferenceService.class))
        .create();
    awaitService(s -> isTrue(s, "Ready"));
  }

  /** The trainer's pod ran and reported this accuracy; the Job completed. */
  private void succeed(String run, double accuracy) {
    Job job = awaitJob(run + "-train");
    Instant start = Instant.now().minusSeconds(30);
    Pod pod = jobs.running(jobs.createPod(job, 0), start);
    jobs.terminated(
        pod,
        0,
        """
        {"outcome":"Succeeded","message":"trained iris-classifier","metrics":{"accuracy":%s},
         "dataset":{"digest":"sha256:%s","rows":230},
         "bundle":{"uri":"/drover/volumes/models/iris-classifier/%s","digest":"sha256:%s",
                   "format":"drover-mlp"}}"""
            .formatted(accuracy, "a".repeat(64), run, "b".repeat(64)),
        start,
        Instant.now());
    jobs.complete(job, Instant.now());
  }

  /** Plays the registry's comparison pod: both containers report accuracy on the same rows. */
  private void compare(String candidate, double candidateAccuracy, double productionAccuracy) {
    Job job = awaitJob(candidate + "-compare");
    jobs.allTerminated(
        jobs.createPod(job, 0),
        java.util.Map.of(
            "candidate",
            "{\"outcome\":\"Succeeded\",\"metrics\":{\"accuracy\":" + candidateAccuracy + "}}",
            "production",
            "{\"outcome\":\"Succeeded\",\"metrics\":{\"accuracy\":" + productionAccuracy + "}}"),
        Instant.now());
    jobs.complete(job, Instant.now());
  }

  /** The trainer refused the data (exit 2): the Job fails by its podFailurePolicy. */
  private void fail(String run) {
    Job job = awaitJob(run + "-train");
    Instant start = Instant.now().minusSeconds(5);
    jobs.podFailed(
        job,
        jobs.createPod(job, 0),
        0,
        2,
        "{\"outcome\":\"Failed\",\"message\":\"data validation failed: schema\"}",
        start,
        Instant.now());
  }

  private void awaitReadings(int readings) {
    for (int i = 0; i < readings; i++) {
      String seen = service().getStatus().monitoring().time();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> !seen.equals(service().getStatus().monitoring().time()));
    }
  }

  private List<String> retrainingRuns() {
    return client.resources(TrainingRun.class).inNamespace(NS).list().getItems().stream()
        .map(r -> r.getMetadata().getName())
        .sorted()
        .toList();
  }

  private TrainingRun awaitRun(String name) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.resources(TrainingRun.class).inNamespace(NS).withName(name).get(),
            r -> r != null);
  }

  private Job awaitJob(String name) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> client.batch().v1().jobs().inNamespace(NS).withName(name).get(), j -> j != null);
  }

  private ModelVersion modelVersion(String name) {
    return client.resources(ModelVersion.class).inNamespace(NS).withName(name).get();
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name).get();
  }

  private InferenceService service() {
    return client.resources(InferenceService.class).inNamespace(NS).withName("iris").get();
  }

  private InferenceService awaitService(Predicate<InferenceService> condition) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(this::service, s -> s != null && s.getStatus() != null && condition.test(s));
  }

  private List<String> events() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "iris".equals(e.getInvolvedObject().getName()))
        .map(io.fabric8.kubernetes.api.model.Event::getReason)
        .toList();
  }

  private static CyclePhase phaseOf(InferenceService s, int cycle) {
    if (s == null || s.getStatus() == null || s.getStatus().retraining() == null) {
      return null;
    }
    var cycles = s.getStatus().retraining().cycles();
    return cycles == null
        ? null
        : cycles.stream()
            .filter(c -> c.number() == cycle)
            .map(RetrainingCycle::phase)
            .findFirst()
            .orElse(null);
  }

  private static Condition condition(InferenceService s, String type) {
    return s.getStatus().conditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  private static String conditionReason(InferenceService s, String type) {
    return s.getStatus().conditions() == null
        ? ""
        : s.getStatus().conditions().stream()
            .filter(c -> c.getType().equals(type))
            .map(Condition::getReason)
            .findFirst()
            .orElse("");
  }

  private static boolean isTrue(InferenceService s, String type) {
    return s.getStatus().conditions() != null
        && s.getStatus().conditions().stream()
            .anyMatch(c -> c.getType().equals(type) && "True".equals(c.getStatus()));
  }
}
