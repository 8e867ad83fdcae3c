package io.drover.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.contract.TrialAssignments;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.api.trainingrun.Trial;
import io.drover.operator.kubernetes.FinishedJobs;
import io.drover.operator.testing.DroverTestEnvironment;
import io.drover.operator.testing.JobControllerSimulator;
import io.drover.operator.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
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
 * Hyperparameter searches against a Kubernetes API (the Fabric8 mock server), with this test
 * playing the Job controller of Indexed Jobs: one pod per completion index, each reporting its
 * trial's result as its termination message. Assertions read what the API holds.
 */
class TrainingRunSearchTest {

  static final String NS = "ml";

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
  void gridSearchRunsEveryCombinationInOneIndexedJobAndRegistersOnlyTheBest() {
    apply(
        """
        search:
          algorithm: Grid
          maxTrials: 10
          parallelism: 2
          objective: {metric: accuracy}
          parameters:
          - {name: learningRate, values: ["0.01", "0.001"]}
          - {name: hiddenLayers, values: ["16", "32,16"]}
        resources: {gpus: 1}
        """,
        "iris-grid");

    Job job = awaitJob("iris-grid-trials-0");
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getSpec().getCompletions()).isEqualTo(4);
    assertThat(job.getSpec().getParallelism()).isEqualTo(2);
    assertThat(job.getSpec().getBackoffLimitPerIndex()).isZero();
    assertThat(job.getSpec().getMaxFailedIndexes()).isZero();
    assertThat(job.getSpec().getPodFailurePolicy().getRules().get(0).getAction())
        .isEqualTo("FailIndex");
    List<TrialAssignments.Assignment> assigned = assignments(job);
    assertThat(assigned)
        .extracting(TrialAssignments.Assignment::hyperparameters)
        .as("the grid, exactly, first parameter slowest")
        .containsExactly(
            Map.of("learningRate", "0.01", "hiddenLayers", "16"),
            Map.of("learningRate", "0.01", "hiddenLayers", "32,16"),
            Map.of("learningRate", "0.001", "hiddenLayers", "16"),
            Map.of("learningRate", "0.001", "hiddenLayers", "32,16"));
    TrainingRun pending = awaitPhase("iris-grid", TrainingPhase.Pending);
    assertThat(pending.getStatus().trials())
        .hasSize(4)
        .allMatch(t -> t.phase() == TrainingPhase.Pending);

    Instant start = Instant.now().minusSeconds(100);
    double[] accuracy = {0.90, 0.93, 0.97, 0.95};
    for (int index = 0; index < 4; index++) {
      Pod pod = kubernetes.running(kubernetes.createIndexedPod(job, index, 0), start);
      kubernetes.terminated(
          pod,
          0,
          result("iris-grid", index, accuracy[index]),
          start,
          start.plusSeconds(10 + index));
    }
    kubernetes.indexesDone(job, start.plusSeconds(20));

    TrainingRun done = awaitRegistered("iris-grid");
    var status = done.getStatus();
    assertThat(status.phase()).isEqualTo(TrainingPhase.Succeeded);
    assertThat(status.trials()).extracting(Trial::phase).containsOnly(TrainingPhase.Succeeded);
    assertThat(status.bestTrial()).isEqualTo(2);
    assertThat(status.search().trials()).isEqualTo("4/4");
    assertThat(status.search().bestObjective()).isEqualTo(0.97);
    assertThat(status.objective().value()).isEqualTo(0.97);
    assertThat(status.bundleUri()).isEqualTo("pvc://models/iris-classifier/iris-grid/trial-2");
    assertThat(status.gpuSeconds()).as("every trial's pod counts").isEqualTo(10 + 11 + 12 + 13);

    List<ModelVersion> versions =
        client.resources(ModelVersion.class).inNamespace(NS).list().getItems();
    assertThat(versions)
        .as("only the best trial is registered")
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getSpec().artifact().uri()).endsWith("/trial-2");
              assertThat(v.getSpec().source().trial()).isEqualTo(2);
              assertThat(v.getSpec().hyperparameters())
                  .containsEntry("learningRate", "0.001")
                  .containsEntry("hiddenLayers", "16")
                  .containsEntry("epochs", "50");
            });
    await()
        .untilAsserted(
            () -> assertThat(eventReasons("iris-grid")).contains("RungStarted", "Succeeded"));
  }

  @Test
  void successiveHalvingPromotesTheBestRungByRungAtGrowingBudgets() {
    apply(
        """
        search:
          algorithm: SuccessiveHalving
          maxTrials: 4
          parallelism: 4
          seed: 7
          minBudget: 10
          maxBudget: 30
          reductionFactor: 2
          objective: {metric: accuracy}
          parameters:
          - {name: learningRate, min: 0.0001, max: 0.1, scale: Log}
        """,
        "iris-sh");

    Job rung0 = awaitJob("iris-sh-trials-0");
    List<TrialAssignments.Assignment> first = assignments(rung0);
    assertThat(first).hasSize(4).allMatch(a -> a.hyperparameters().get("epochs").equals("10"));
    finishAll(rung0, "iris-sh", 0, new double[] {0.80, 0.95, 0.70, 0.90});

    Job rung1 = awaitJob("iris-sh-trials-1");
    List<TrialAssignments.Assignment> second = assignments(rung1);
    assertThat(second)
        .as("the best half of rung 0, best first, at twice the epochs")
        .extracting(a -> a.hyperparameters().get("learningRate"))
        .containsExactly(
            first.get(1).hyperparameters().get("learningRate"),
            first.get(3).hyperparameters().get("learningRate"));
    assertThat(second).extracting(TrialAssignments.Assignment::trial).containsExactly(4, 5);
    assertThat(second).allMatch(a -> a.hyperparameters().get("epochs").equals("20"));
    finishAll(rung1, "iris-sh", 4, new double[] {0.93, 0.96});

    Job rung2 = awaitJob("iris-sh-trials-2");
    assertThat(assignments(rung2))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.hyperparameters().get("epochs"))
                  .as("capped at maxBudget")
                  .isEqualTo("30");
              assertThat(a.hyperparameters().get("learningRate"))
                  .isEqualTo(first.get(3).hyperparameters().get("learningRate"));
            });
    finishAll(rung2, "iris-sh", 6, new double[] {0.97});

    TrainingRun done = awaitRegistered("iris-sh");
    assertThat(done.getStatus().bestTrial()).isEqualTo(6);
    assertThat(done.getStatus().trials()).hasSize(7);
    assertThat(done.getStatus().search().budgetSpent()).isEqualTo(4 * 10 + 2 * 20 + 30);
    assertThat(done.getStatus().trials().get(6).configuration()).isEqualTo(3);
    await()
        .untilAsserted(
            () ->
                assertThat(eventReasons("iris-sh").stream().filter("RungStarted"::equals))
                    .hasSize(3));
  }

  @Test
  void trialsFailingWithinTheAllowanceLeaveTheBestOfTheOthers() {
    apply(
        """
        search:
          algorithm: Grid
          maxFailedTrials: 1
          parallelism: 3
          objective: {metric: accuracy}
          parameters:
          - {name: learningRate, values: ["0.01", "0.001", "10"]}
        """,
        "iris-some-fail");
    Job job = awaitJob("iris-some-fail-trials-0");
    assertThat(job.getSpec().getMaxFailedIndexes()).isEqualTo(1);
    Instant start = Instant.now().minusSeconds(60);
    finishOne(job, "iris-some-fail", 0, 0.93, start);
    failOne(job, 2, "training diverged: loss is NaN", start);
    finishOne(job, "iris-some-fail", 1, 0.96, start);
    kubernetes.indexesDone(job, start.plusSeconds(30));

    TrainingRun done = awaitRegistered("iris-some-fail");
    assertThat(done.getStatus().bestTrial()).isEqualTo(1);
    assertThat(done.getStatus().trials().get(2).phase()).isEqualTo(TrainingPhase.Failed);
    assertThat(done.getStatus().trials().get(2).message()).contains("loss is NaN");
    assertThat(done.getStatus().search().failed()).isEqualTo(1);
  }

  @Test
  void trialsFailingBeyondTheAllowanceFailTheRunAndStopTheRest() {
    apply(
        """
        search:
          algorithm: Grid
          maxFailedTrials: 1
          parallelism: 2
          objective: {metric: accuracy}
          parameters:
          - {name: learningRate, values: ["1", "10", "0.001", "0.01"]}
        """,
        "iris-all-fail");
    Job job = awaitJob("iris-all-fail-trials-0");
    Instant start = Instant.now().minusSeconds(60);
    failOne(job, 0, "training diverged: loss is NaN", start);
    failOne(job, 1, "training diverged: loss is Infinity", start);

    TrainingRun failed = awaitPhase("iris-all-fail", TrainingPhase.Failed);
    assertThat(failed.getStatus().message())
        .contains("2 trials failed, more than maxFailedTrials (1)")
        .contains("loss is NaN");
    assertThat(failed.getStatus().conditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Stalled");
              assertThat(c.getReason()).isEqualTo("TooManyTrialsFailed");
            });
    assertThat(client.resources(ModelVersion.class).inNamespace(NS).list().getItems()).isEmpty();
    // The remaining trials are stopped: the operator deletes the Job, unless the Job controller
    // already failed it (maxFailedIndexes), which stops its pods just the same.
    await()
        .untilAsserted(
            () -> {
              Job left =
                  client
                      .batch()
                      .v1()
                      .jobs()
                      .inNamespace(NS)
                      .withName(job.getMetadata().getName())
                      .get();
              assertThat(left == null || FinishedJobs.isFinished(left))
                  .as("the remaining trials are stopped")
                  .isTrue();
            });
  }

  // --- helpers ---

  private void finishAll(Job job, String run, int firstTrial, double[] accuracy) {
    Instant start = Instant.now().minusSeconds(100);
    for (int index = 0; index < accuracy.length; index++) {
      Pod pod = kubernetes.running(kubernetes.createIndexedPod(job, index, 0), start);
      kubernetes.terminated(
          pod, 0, result(run, firstTrial + index, accuracy[index]), start, start.plusSeconds(10));
    }
    kubernetes.indexesDone(job, start.plusSeconds(20));
  }

  private void finishOne(Job job, String run, int index, double accuracy, Instant start) {
    Pod pod = kubernetes.running(kubernetes.createIndexedPod(job, index, 0), start);
    kubernetes.terminated(pod, 0, result(run, index, accuracy), start, start.plusSeconds(10));
  }

  private void failOne(Job job, int index, String why, Instant start) {
    Pod pod = kubernetes.running(kubernetes.createIndexedPod(job, index, 0), start);
    kubernetes.terminated(
        pod,
        3,
        "{\"outcome\":\"Failed\",\"message\":\"" + why + "\"}",
        start,
        start.plusSeconds(5));
    kubernetes.indexFailed(job, index, start.plusSeconds(5));
  }

  static String result(String run, int trial, double accuracy) {
    return """
        {"outcome":"Succeeded","metrics":{"accuracy":%s,"f1":%s},
         "dataset":{"digest":"sha256:9f2c","rows":150},
         "bundle":{"uri":"/drover/volumes/models/iris-classifier/%s/trial-%d","digest":"sha256:%d",
                   "format":"drover-mlp"}}"""
        .formatted(accuracy, accuracy, run, trial, trial);
  }

  static List<TrialAssignments.Assignment> assignments(Job job) {
    EnvVar trials =
        job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .filter(e -> e.getName().equals("DROVER_TRIALS"))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no DROVER_TRIALS in Job " + job.getMetadata().getName()));
    return TrialAssignments.decode(trials.getValue());
  }

  void apply(String searchYaml, String name) {
    String yaml =
        """
        apiVersion: drover.io/v1alpha1
        kind: TrainingRun
        metadata: {name: %s, namespace: ml}
        spec:
          model: iris-classifier
          dataset: {uri: "pvc://datasets/iris.csv"}
          hyperparameters: {epochs: "50"}
        %s"""
            .formatted(name, searchYaml.indent(2));
    client.resource(Serialization.unmarshal(yaml, TrainingRun.class)).create();
  }

  TrainingRun get(String name) {
    return client.resources(TrainingRun.class).inNamespace(NS).withName(name).get();
  }

  Job awaitJob(String name) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> client.batch().v1().jobs().inNamespace(NS).withName(name).get(), j -> j != null);
  }

  TrainingRun awaitPhase(String name, TrainingPhase phase) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> get(name),
            r -> r != null && r.getStatus() != null && r.getStatus().phase() == phase);
  }

  TrainingRun awaitRegistered(String name) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> get(name),
            r -> r != null && r.getStatus() != null && r.getStatus().modelVersion() != null);
  }

  List<String> eventReasons(String run) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(run))
        .map(Event::getReason)
        .toList();
  }
}
