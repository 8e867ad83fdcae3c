package io.drover.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.testing.DroverTestEnvironment;
import io.drover.operator.testing.JobControllerSimulator;
import io.drover.operator.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Distributed runs against the mock API, this test playing the Job controller of the gang's Indexed
 * Job and the scheduler; the operator's clock is moved, not waited for.
 */
class TrainingRunDistributedTest {

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
  void rankZerosResultIsTheRunsAndEveryWorkersGpuTimeCounts() {
    apply("torch-3", "");
    Job job = awaitJob("torch-3-train");
    Service service = client.services().inNamespace(NS).withName("torch-3-train").get();
    assertThat(service).as("the headless Service for rank discovery").isNotNull();
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");

    // Started 50 s ago, ending 100 s after the start: the figures seen while they run stay below.
    Instant start = Instant.now().minusSeconds(50);
    Pod[] workers = new Pod[3];
    for (int rank = 0; rank < 3; rank++) {
      workers[rank] = kubernetes.running(kubernetes.createIndexedPod(job, rank, 0), start);
    }
    assertThat(workers[1].getSpec().getHostname()).isEqualTo("torch-3-train-1");
    awaitPhase("torch-3", TrainingPhase.Running);
    for (int rank = 2; rank >= 0; rank--) {
      kubernetes.terminated(
          workers[rank],
          0,
          rank == 0 ? TrainingRunLifecycleTest.RESULT : "{\"outcome\":\"Succeeded\"}",
          start,
          start.plusSeconds(100));
    }
    kubernetes.indexesDone(job, start.plusSeconds(101));

    TrainingRun done = awaitPhase("torch-3", TrainingPhase.Succeeded);
    assertThat(done.getStatus().metrics()).containsEntry("accuracy", 0.967);
    assertThat(done.getStatus().gpuSeconds()).as("2 GPUs × 3 workers × 100 s").isEqualTo(600);
  }

  @Test
  void aGangThatCannotBePlacedTimesOutAsAWholeAndReleasesItsWorkers() {
    apply("torch-stuck", "limits: {schedulingTimeout: 5m}\n");
    Job job = awaitJob("torch-stuck-train");
    Instant now = drover.clock.instant();
    kubernetes.running(kubernetes.createIndexedPod(job, 0, 0), now);
    kubernetes.running(kubernetes.createIndexedPod(job, 1, 0), now);
    Pod third = kubernetes.createIndexedPod(job, 2, 0);
    third =
        kubernetes.unschedulable(third, "0/4 nodes are available: 4 Insufficient nvidia.com/gpu");
    awaitPhase("torch-stuck", TrainingPhase.Running);

    drover.clock.advance(Duration.ofMinutes(4));
    third =
        kubernetes.unschedulable(third, "0/4 nodes are available: 4 Insufficient nvidia.com/gpu.");
    // Within the timeout the gang waits: the reconcile this pod update triggers keeps it running.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> get("torch-stuck").getStatus().phase() == TrainingPhase.Running);

    drover.clock.advance(Duration.ofMinutes(2));
    kubernetes.unschedulable(third, "0/4 nodes are available: 4 Insufficient nvidia.com/gpu");

    TrainingRun failed = awaitPhase("torch-stuck", TrainingPhase.Failed);
    assertThat(failed.getStatus().message())
        .contains("2 of 3 workers running after schedulingTimeout (5m)")
        .contains("pending workers (ranks): 2")
        .contains("Insufficient nvidia.com/gpu");
    assertThat(TrainingRunLifecycleTest.condition(failed, "Stalled").getReason())
        .isEqualTo("SchedulingTimeout");
    await()
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .batch()
                            .v1()
                            .jobs()
                            .inNamespace(NS)
                            .withName("torch-stuck-train")
                            .get())
                    .as("the whole Job is deleted: the running workers release their GPUs")
                    .isNull());
  }

  void apply(String name, String extra) {
    String yaml =
        """
        apiVersion: drover.io/v1alpha1
        kind: TrainingRun
        metadata: {name: %s, namespace: ml}
        spec:
          model: iris-classifier
          image: ghcr.io/example/torchrun-trainer:1.0
          dataset: {uri: "pvc://datasets/iris.csv"}
          workers: 3
          resources: {gpus: 2}
        %s"""
            .formatted(name, extra.indent(2));
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
}
