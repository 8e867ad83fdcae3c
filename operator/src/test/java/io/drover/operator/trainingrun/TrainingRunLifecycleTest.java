package io.drover.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.operator.api.common.ComputeResources;
import io.drover.operator.api.trainingrun.DatasetSpec;
import io.drover.operator.api.trainingrun.RunLimits;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.api.trainingrun.TrainingRunSpec;
import io.drover.operator.testing.DroverTestEnvironment;
import io.drover.operator.testing.JobControllerSimulator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A TrainingRun's life against a Kubernetes API (the Fabric8 mock server in CRUD mode), with this
 * test playing the Job controller and kubelet. Assertions read what the API holds.
 */
@EnableKubernetesMockClient(crud = true)
public class TrainingRunLifecycleTest {

  static final String NS = "ml";
  public static final String RESULT =
      """
      {"outcome":"Succeeded","message":"trained iris-classifier: accuracy 0.967",
       "metrics":{"accuracy":0.967,"f1":0.96,"logLoss":0.11},
       "dataset":{"digest":"sha256:9f2c","rows":150},
       "bundle":{"uri":"/drover/volumes/models/iris-classifier/iris-1","digest":"sha256:77ab",
                 "format":"drover-mlp"}}""";

  KubernetesClient client;
  DroverTestEnvironment drover;
  JobControllerSimulator kubernetes;

  @BeforeEach
  void startOperator() {
    drover = new DroverTestEnvironment(client);
    drover.installCrds();
    drover.startOperator();
    kubernetes = new JobControllerSimulator(client);
  }

  @AfterEach
  void stopOperator() {
    drover.stopOperator();
  }

  @Test
  void runThatTrainsSucceedsWithTheTrainersMetricsInStatus() {
    TrainingRun run = apply(run("iris-1", 1, null));

    Job job = awaitJob("iris-1-train");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getKind()).isEqualTo("TrainingRun");
              assertThat(owner.getUid()).isEqualTo(run.getMetadata().getUid());
              assertThat(owner.getController()).isTrue();
            });
    awaitPhase("iris-1", TrainingPhase.Pending);

    Instant start = Instant.now().minusSeconds(250);
    Pod pod = kubernetes.validating(kubernetes.createPod(job, 0), start);
    awaitPhase("iris-1", TrainingPhase.ValidatingData);
    pod = kubernetes.running(pod, start);
    awaitPhase("iris-1", TrainingPhase.Running);
    assertThat(condition(get("iris-1"), "Reconciling").getStatus()).isEqualTo("True");

    Instant end = start.plusSeconds(252);
    kubernetes.terminated(pod, 0, RESULT, start, end);
    kubernetes.complete(job, end);

    TrainingRun done = awaitPhase("iris-1", TrainingPhase.Succeeded);
    var status = done.getStatus();
    assertThat(status.metrics()).containsEntry("accuracy", 0.967).containsEntry("f1", 0.96);
    assertThat(status.objective().metric()).isEqualTo("accuracy");
    assertThat(status.objective().value()).isEqualTo(0.967);
    assertThat(status.dataset().digest()).isEqualTo("sha256:9f2c");
    assertThat(status.dataset().rows()).isEqualTo(150);
    assertThat(status.bundleUri()).isEqualTo("pvc://models/iris-classifier/iris-1");
    assertThat(status.startTime()).isEqualTo(start.toString());
    assertThat(status.completionTime()).isEqualTo(end.toString());
    assertThat(status.duration()).isEqualTo("4m12s");
    assertThat(status.gpuSeconds()).isEqualTo(252);
    assertThat(status.observedGeneration()).isEqualTo(done.getMetadata().getGeneration());
    assertThat(condition(done, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(done, "Ready").getObservedGeneration())
        .isEqualTo(done.getMetadata().getGeneration());
    assertThat(condition(done, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition(done, "Stalled").getStatus()).isEqualTo("False");
    await()
        .untilAsserted(
            () ->
                assertThat(eventReasons("iris-1"))
                    .contains("Pending", "ValidatingData", "Running", "Succeeded"));
  }

  @Test
  void trainerFailureFailsTheRunWithTheTrainersReason() {
    apply(run("iris-bad", 0, null));
    Job job = awaitJob("iris-bad-train");
    Instant start = Instant.now();
    Pod pod = kubernetes.createPod(job, 0);
    kubernetes.terminated(
        pod,
        2,
        "{\"outcome\":\"Failed\",\"message\":\"iris.csv row 17, column petal_width: 'n/a' is"
            + " not a number\"}",
        start,
        start.plusSeconds(3));
    kubernetes.failed(
        job, "BackoffLimitExceeded", "Job has reached the specified backoff limit", Instant.now());

    TrainingRun failed = awaitPhase("iris-bad", TrainingPhase.Failed);
    assertThat(failed.getStatus().message())
        .startsWith("iris.csv row 17, column petal_width: 'n/a' is not a number")
        .contains("backoff limit");
    Condition stalled = condition(failed, "Stalled");
    assertThat(stalled.getStatus()).isEqualTo("True");
    assertThat(stalled.getReason()).isEqualTo("TrainerFailed");
    assertThat(condition(failed, "Ready").getStatus()).isEqualTo("False");
    await().untilAsserted(() -> assertThat(eventReasons("iris-bad")).contains("Failed"));
  }

  @Test
  void deadlineExceededIsNamedAsTheReason() {
    apply(run("iris-slow", 0, null));
    Job job = awaitJob("iris-slow-train");
    kubernetes.running(kubernetes.createPod(job, 0), Instant.now());
    awaitPhase("iris-slow", TrainingPhase.Running);
    kubernetes.failed(
        job, "DeadlineExceeded", "Job was active longer than specified deadline", Instant.now());

    TrainingRun failed = awaitPhase("iris-slow", TrainingPhase.Failed);
    assertThat(condition(failed, "Stalled").getReason()).isEqualTo("DeadlineExceeded");
    assertThat(failed.getStatus().message()).contains("active longer than specified deadline");
  }

  @Test
  void unreadableResultFailsTheRunWithAClearMessage() {
    apply(run("iris-garbled", 0, null));
    Job job = awaitJob("iris-garbled-train");
    Pod pod = kubernetes.createPod(job, 0);
    Instant now = Instant.now();
    kubernetes.terminated(pod, 0, "training done, accuracy=0.9", now, now.plusSeconds(1));
    kubernetes.complete(job, now.plusSeconds(1));

    TrainingRun failed = awaitPhase("iris-garbled", TrainingPhase.Failed);
    assertThat(condition(failed, "Stalled").getReason()).isEqualTo("InvalidResult");
    assertThat(failed.getStatus().message())
        .contains("not valid JSON")
        .contains("training done, accuracy=0.9");
  }

  @Test
  void runPendingLongerThanItsTimeoutFailsAndItsJobIsDeleted() {
    apply(run("iris-gpu", 4, "2s"));
    Job job = awaitJob("iris-gpu-train");
    kubernetes.unschedulable(
        kubernetes.createPod(job, 0), "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.");

    TrainingRun failed = awaitPhase("iris-gpu", TrainingPhase.Failed);
    assertThat(failed.getStatus().message())
        .startsWith("pending longer than pendingTimeout (2s): no node has the requested GPUs")
        .contains("Insufficient nvidia.com/gpu");
    assertThat(condition(failed, "Stalled").getReason()).isEqualTo("PendingTimeout");
    await()
        .untilAsserted(
            () ->
                assertThat(
                        client.batch().v1().jobs().inNamespace(NS).withName("iris-gpu-train").get())
                    .isNull());
  }

  @Test
  void runWhoseJobIsNeverAdmittedTimesOutEvenWithoutPodEvents() {
    apply(run("iris-queued", 1, "2s"));
    Job job = awaitJob("iris-queued-train");
    client
        .batch()
        .v1()
        .jobs()
        .resource(job)
        .edit(
            j -> {
              j.getSpec().setSuspend(true);
              return j;
            });

    TrainingRun failed = awaitPhase("iris-queued", TrainingPhase.Failed);
    assertThat(failed.getStatus().message())
        .isEqualTo(
            "pending longer than pendingTimeout (2s): the Job is still suspended, waiting for"
                + " admission by its queue");
  }

  @Test
  void operatorRestartedMidRunKeepsOneJobAndCompletesTheRun() {
    apply(run("iris-restart", 1, null));
    Job job = awaitJob("iris-restart-train");
    Instant start = Instant.now();
    Pod pod = kubernetes.running(kubernetes.createPod(job, 0), start);
    awaitPhase("iris-restart", TrainingPhase.Running);

    drover.stopOperator();
    kubernetes.terminated(pod, 0, RESULT, start, start.plusSeconds(30));
    kubernetes.complete(job, start.plusSeconds(30));
    drover.startOperator();

    TrainingRun done = awaitPhase("iris-restart", TrainingPhase.Succeeded);
    assertThat(done.getStatus().metrics()).containsEntry("accuracy", 0.967);
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems())
        .extracting(j -> j.getMetadata().getName())
        .containsExactly("iris-restart-train");
  }

  @Test
  void runWithoutOutputLocationIsMarkedInvalidWithoutAJob() {
    drover.stopOperator();
    drover.startOperator(DroverTestEnvironment.trainingConfig(null));
    apply(run("iris-nowhere", 0, null));

    TrainingRun failed = awaitPhase("iris-nowhere", TrainingPhase.Failed);
    assertThat(condition(failed, "Stalled").getReason()).isEqualTo("InvalidSpec");
    assertThat(failed.getStatus().message()).contains("spec.output.uri is required");
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void searchRunIsRefusedRatherThanTrainedOnce() {
    TrainingRun search =
        Serialization.unmarshal(
            """
            apiVersion: drover.io/v1alpha1
            kind: TrainingRun
            metadata: {name: iris-search, namespace: ml}
            spec:
              model: iris-classifier
              dataset: {uri: "pvc://datasets/iris.csv"}
              search:
                algorithm: Random
                objective: {metric: accuracy}
                parameters: [{name: learningRate, min: 0.001, max: 0.1, scale: Log}]
            """,
            TrainingRun.class);
    apply(search);

    TrainingRun failed = awaitPhase("iris-search", TrainingPhase.Failed);
    assertThat(condition(failed, "Stalled").getReason()).isEqualTo("Unsupported");
    assertThat(failed.getStatus().message()).startsWith("spec.search:");
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void jobDeletedMidRunFailsTheRunInsteadOfTrainingTwice() {
    apply(run("iris-gone", 0, null));
    Job job = awaitJob("iris-gone-train");
    awaitPhase("iris-gone", TrainingPhase.Pending);
    client.resource(job).delete();

    TrainingRun failed = awaitPhase("iris-gone", TrainingPhase.Failed);
    assertThat(condition(failed, "Stalled").getReason()).isEqualTo("JobDeleted");
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
  }

  // --- helpers ---

  public static TrainingRun run(String name, int gpus, String pendingTimeout) {
    TrainingRun run = new TrainingRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    run.setSpec(
        new TrainingRunSpec(
            "iris-classifier",
            null,
            null,
            null,
            new DatasetSpec("pvc://datasets/iris.csv", "2024-05", null),
            Map.of("epochs", "50"),
            null,
            new ComputeResources(null, null, null, null, gpus, null),
            null,
            null,
            null,
            null,
            new RunLimits(null, null, pendingTimeout, null),
            null,
            null,
            null,
            null));
    return run;
  }

  TrainingRun apply(TrainingRun run) {
    return client.resource(run).create();
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

  static Condition condition(TrainingRun run, String type) {
    return run.getStatus().conditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition"));
  }

  List<String> eventReasons(String run) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(run))
        .map(Event::getReason)
        .toList();
  }
}
