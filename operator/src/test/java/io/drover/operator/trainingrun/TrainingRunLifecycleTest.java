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
import io.drover.operator.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A TrainingRun's life against a Kubernetes API (the Fabric8 mock server in CRUD mode, see {@link
 * MockApiServer}), with this test playing the Job controller and kubelet. Assertions read what the
 * API holds.
 */
public class TrainingRunLifecycleTest {

  static final String NS = "ml";
  public static final String RESULT =
      """
      {"outcome":"Succeeded","message":"trained iris-classifier: accuracy 0.967",
       "metrics":{"accuracy":0.967,"f1":0.96,"logLoss":0.11},
       "dataset":{"digest":"sha256:9f2c","rows":150},
       "bundle":{"uri":"/drover/volumes/models/iris-classifier/iris-1","digest":"sha256:77ab",
                 "format":"drover-mlp"},
       "split":{"train":105,"validation":15,"test":30,"leakedTestRows":3,"leakedValidationRows":0}}""";

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

    awaitPhase("iris-1", TrainingPhase.Succeeded);
    // Ready once the model is in the registry too.
    TrainingRun done = awaitRegistered("iris-1");
    var status = done.getStatus();
    assertThat(status.metrics()).containsEntry("accuracy", 0.967).containsEntry("f1", 0.96);
    assertThat(status.objective().metric()).isEqualTo("accuracy");
    assertThat(status.objective().value()).isEqualTo(0.967);
    assertThat(status.dataset().digest()).isEqualTo("sha256:9f2c");
    assertThat(status.dataset().rows()).isEqualTo(150);
    assertThat(status.dataset().testRows()).isEqualTo(30);
    assertThat(status.dataset().leakedTestRows())
        .as("the trainer's leakage count reaches the user")
        .isEqualTo(3);
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
  void inputTheTrainerRefusesFailsTheRunAtOnceWithTheTrainersReason() {
    apply(run("iris-bad", 0, null, 3));
    Job job = awaitJob("iris-bad-train");
    Instant start = Instant.now();
    Pod pod = kubernetes.createPod(job, 0);
    // Exit 2: the same input fails again; the Job's podFailurePolicy fails the Job, no retry.
    var retry =
        kubernetes.podFailed(
            job,
            pod,
            0,
            2,
            "{\"outcome\":\"Failed\",\"message\":\"iris.csv row 17, column petal_width: 'n/a' is"
                + " not a number\"}",
            start,
            start.plusSeconds(3));
    assertThat(retry).as("the policy refuses a retry").isEmpty();
    assertThat(client.batch().v1().jobs().inNamespace(NS).withName("iris-bad-train").get())
        .satisfies(
            j ->
                assertThat(j.getStatus().getConditions())
                    .extracting(c -> c.getReason())
                    .containsOnly("PodFailurePolicy"));

    TrainingRun failed = awaitPhase("iris-bad", TrainingPhase.Failed);
    assertThat(failed.getStatus().message())
        .startsWith("iris.csv row 17, column petal_width: 'n/a' is not a number")
        .contains("failed with exit code 2 matching FailJob rule");
    Condition stalled = condition(failed, "Stalled");
    assertThat(stalled.getStatus()).isEqualTo("True");
    assertThat(stalled.getReason()).isEqualTo("TrainerFailed");
    assertThat(condition(failed, "Ready").getStatus()).isEqualTo("False");
    await().untilAsserted(() -> assertThat(eventReasons("iris-bad")).contains("Failed"));
  }

  @Test
  void crashingTrainerIsRetriedUpToTheBackoffLimitThenFailsTheRun() {
    apply(run("iris-oom", 0, null, 1));
    Job job = awaitJob("iris-oom-train");
    Instant start = Instant.now();
    // Exit 137 (killed, e.g. out of memory) may succeed on a retry: the policy counts it.
    Pod second =
        kubernetes
            .podFailed(
                job,
                kubernetes.createPod(job, 0),
                0,
                137,
                "out of memory",
                start,
                start.plusSeconds(5))
            .orElseThrow(() -> new AssertionError("a failure within the backoff limit is retried"));
    assertThat(
            kubernetes.podFailed(
                job, second, 1, 137, "out of memory", start.plusSeconds(6), start.plusSeconds(9)))
        .isEmpty();

    TrainingRun failed = awaitPhase("iris-oom", TrainingPhase.Failed);
    assertThat(condition(failed, "Stalled").getReason()).isEqualTo("TrainerFailed");
    assertThat(failed.getStatus().message())
        .isEqualTo("out of memory (Job has reached the specified backoff limit)");
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
    assertThat(jobsCreated()).as("Jobs the API accepted, whatever their names").hasSize(1);
    assertThat(client.batch().v1().jobs().inNamespace(NS).withName("iris-restart-train").get())
        .extracting(j -> j.getMetadata().getUid())
        .isEqualTo(job.getMetadata().getUid());
  }

  @Test
  void jobGoneWhileTheOperatorWasDownIsNeverCreatedAgain() {
    apply(run("iris-ttl", 0, null));
    Job job = awaitJob("iris-ttl-train");
    kubernetes.running(kubernetes.createPod(job, 0), Instant.now());
    awaitPhase("iris-ttl", TrainingPhase.Running);

    // While the operator is down, the Job is deleted (by a person, or its TTL after finishing).
    drover.stopOperator();
    client.resource(job).delete();
    await().until(() -> client.batch().v1().jobs().inNamespace(NS).list().getItems().isEmpty());
    drover.startOperator();

    TrainingRun failed = awaitPhase("iris-ttl", TrainingPhase.Failed);
    assertThat(condition(failed, "Stalled").getReason()).isEqualTo("JobDeleted");
    assertThat(jobsCreated()).as("Jobs the API accepted, whatever their names").hasSize(1);
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
    return run(name, gpus, pendingTimeout, null);
  }

  static TrainingRun run(String name, int gpus, String pendingTimeout, Integer backoffLimit) {
    TrainingRun run = new TrainingRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    run.setSpec(
        new TrainingRunSpec(
            "iris-classifier",
            null,
            null,
            null,
            new DatasetSpec("pvc://datasets/iris.csv", "2024-05", null, null),
            Map.of("epochs", "50"),
            null,
            null,
            new ComputeResources(null, null, null, null, gpus, null),
            null,
            null,
            null,
            null,
            new RunLimits(null, backoffLimit, pendingTimeout, null),
            null,
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

  TrainingRun awaitRegistered(String name) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> get(name),
            r -> r != null && r.getStatus() != null && r.getStatus().modelVersion() != null);
  }

  /** Every Job the API accepted a create of, in this namespace. */
  List<String> jobsCreated() {
    return api.accepted().stream()
        .filter(
            w ->
                w.method().equals("POST")
                    && w.path().startsWith("/apis/batch/v1/namespaces/" + NS + "/jobs"))
        .map(MockApiServer.Write::body)
        .toList();
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
