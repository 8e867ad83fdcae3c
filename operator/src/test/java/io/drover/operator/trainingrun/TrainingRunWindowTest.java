package io.drover.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.testing.DroverTestEnvironment;
import io.drover.operator.testing.JobControllerSimulator;
import io.drover.operator.testing.TestClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TrainingRuns with active windows against a Kubernetes API (the Fabric8 mock server in CRUD mode),
 * this test playing the Job controller (which starts no pod for a suspended Job) and the kubelet.
 * The operator's clock is the test's: it is moved, never waited for, except where the test checks
 * that the operator's own timer fires at the opening.
 */
@EnableKubernetesMockClient(crud = true)
class TrainingRunWindowTest {

  static final String NS = TrainingRunLifecycleTest.NS;

  /** Monday. */
  static final Instant MONDAY_6AM = Instant.parse("2025-03-03T06:00:00Z");

  static final String OFFICE_HOURS =
      "{days: [Mon, Tue, Wed, Thu, Fri], start: \"08:00\", end: \"17:00\"}";

  KubernetesClient client;
  DroverTestEnvironment drover;
  JobControllerSimulator kubernetes;
  TestClock clock;

  @BeforeEach
  void startOperator() {
    drover = new DroverTestEnvironment(client);
    clock = drover.clock;
    clock.set(MONDAY_6AM);
    drover.installCrds();
    drover.startOperator();
    kubernetes = new JobControllerSimulator(client);
  }

  @AfterEach
  void stopOperator() {
    drover.stopOperator();
  }

  @Test
  void runCreatedOutsideItsWindowWaitsSuspendedAndTrainsOnceItOpens() {
    TrainingRun run = client.resource(run("iris-night", OFFICE_HOURS, "")).create();

    Job job = awaitJob("iris-night-train", j -> true);
    assertThat(job.getSpec().getSuspend()).as("created suspended").isTrue();
    TrainingRun waiting = awaitReason("iris-night", StartWindow.OUTSIDE_WINDOW);
    assertThat(waiting.getStatus().phase()).isEqualTo(TrainingPhase.Pending);
    assertThat(waiting.getStatus().message())
        .isEqualTo(
            "outside its active windows: Job iris-night-train is suspended until the window opens"
                + " at 2025-03-03T08:00:00Z");
    Condition reconciling = condition(waiting, "Reconciling");
    assertThat(reconciling.getStatus()).isEqualTo("True");
    assertThat(reconciling.getMessage()).isEqualTo(waiting.getStatus().message());
    assertThat(reconciling.getObservedGeneration()).isEqualTo(run.getMetadata().getGeneration());
    assertThat(condition(waiting, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(waiting, "Stalled").getStatus()).isEqualTo("False");
    assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();

    // Two hours later. The Job controller, seeing the Job suspended, records so and starts no pod;
    // the operator sees that write and finds the window open.
    clock.set(Instant.parse("2025-03-03T08:00:30Z"));
    assertThat(kubernetes.sync(job, 0, clock.instant())).isEmpty();
    job = awaitJob("iris-night-train", j -> !Boolean.TRUE.equals(j.getSpec().getSuspend()));
    Instant opened =
        Instant.parse(job.getMetadata().getAnnotations().get(StartWindow.OPENED_ANNOTATION));
    assertThat(opened).isBetween(clock.instant().minusSeconds(60), clock.instant());

    Instant start = clock.instant();
    Pod pod = kubernetes.sync(job, 0, start).orElseThrow();
    awaitReason("iris-night", "Pending");
    pod = kubernetes.running(pod, start);
    awaitPhase("iris-night", TrainingPhase.Running);
    clock.set(Instant.parse("2025-03-03T18:00:00Z")); // the window closed: the run goes on
    Instant end = start.plusSeconds(300);
    kubernetes.terminated(pod, 0, TrainingRunLifecycleTest.RESULT, start, end);
    kubernetes.complete(fresh(job), end);

    TrainingRun done = awaitPhase("iris-night", TrainingPhase.Succeeded);
    assertThat(done.getStatus().startTime()).isEqualTo(start.toString());
    assertThat(done.getStatus().duration()).isEqualTo("5m");
  }

  @Test
  void computeCountsTheTrainingAndNotTheWaitForTheWindow() {
    client.resource(run("iris-count", OFFICE_HOURS, "")).create();
    Job job = awaitJob("iris-count-train", j -> true);
    awaitReason("iris-count", StartWindow.OUTSIDE_WINDOW);

    clock.set(Instant.parse("2025-03-03T09:00:00Z"));
    kubernetes.sync(job, 0, clock.instant());
    job = awaitJob("iris-count-train", j -> !Boolean.TRUE.equals(j.getSpec().getSuspend()));
    Instant start = clock.instant().plusSeconds(20);
    Pod pod = kubernetes.running(kubernetes.sync(job, 0, start).orElseThrow(), start);
    Instant end = start.plusSeconds(301);
    kubernetes.terminated(pod, 0, TrainingRunLifecycleTest.RESULT, start, end);
    kubernetes.complete(fresh(job), end);

    // 2 GPUs and 500m CPU for 301 s; the three hours suspended count nothing.
    TrainingRun done = awaitPhase("iris-count", TrainingPhase.Succeeded);
    assertThat(done.getStatus().gpuSeconds()).isEqualTo(602);
    assertThat(done.getStatus().cpuSeconds()).isEqualTo(151); // 150.5, rounded half up
    await()
        .untilAsserted(
            () -> {
              assertThat(counter("drover.gpu.seconds", "iris-count")).isEqualTo(602.0);
              assertThat(counter("drover.cpu.seconds", "iris-count")).isEqualTo(151.0);
            });
  }

  @Test
  void runCreatedInsideItsWindowStartsAtOnce() {
    clock.set(Instant.parse("2025-03-03T10:00:00Z"));
    client.resource(run("iris-day", OFFICE_HOURS, "")).create();

    Job job = awaitJob("iris-day-train", j -> true);
    assertThat(job.getSpec().getSuspend()).isNotEqualTo(Boolean.TRUE);
    assertThat(job.getMetadata().getAnnotations()).doesNotContainKey(StartWindow.HELD_ANNOTATION);
    Instant start = clock.instant();
    kubernetes.running(kubernetes.sync(job, 0, start).orElseThrow(), start);
    awaitPhase("iris-day", TrainingPhase.Running);
  }

  @Test
  void overnightWindowInATimeZoneOpensAtItsLocalStartAndCoversTheNextMorning() {
    String fridayNightBerlin =
        "{days: [Fri], start: \"22:00\", end: \"06:00\", timeZone: Europe/Berlin}";

    // Friday 21:00 in Berlin (CET, UTC+1): an hour before the window.
    clock.set(Instant.parse("2025-03-07T20:00:00Z"));
    client.resource(run("iris-fri", fridayNightBerlin, "")).create();
    assertThat(awaitJob("iris-fri-train", j -> true).getSpec().getSuspend()).isTrue();
    assertThat(awaitReason("iris-fri", StartWindow.OUTSIDE_WINDOW).getStatus().message())
        .endsWith("opens at 2025-03-07T21:00:00Z");

    // Saturday 04:00 in Berlin: still inside Friday's window.
    clock.set(Instant.parse("2025-03-08T03:00:00Z"));
    client.resource(run("iris-sat", fridayNightBerlin, "")).create();
    assertThat(awaitJob("iris-sat-train", j -> true).getSpec().getSuspend())
        .isNotEqualTo(Boolean.TRUE);
  }

  @Test
  void unknownTimeZoneFailsTheRunNamingTheField() {
    client
        .resource(
            run(
                "iris-mars",
                "{days: [Mon], start: \"08:00\", end: \"17:00\", timeZone: Mars/Olympus}",
                ""))
        .create();

    TrainingRun failed = awaitPhase("iris-mars", TrainingPhase.Failed);
    assertThat(failed.getStatus().message())
        .isEqualTo(
            "spec.activeWindows[0].timeZone Mars/Olympus is not a known IANA time zone; use a"
                + " name such as Europe/Berlin");
    Condition stalled = condition(failed, "Stalled");
    assertThat(stalled.getStatus()).isEqualTo("True");
    assertThat(stalled.getReason()).isEqualTo("InvalidSpec");
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void queuedRunGetsItsJobOnlyWhenTheWindowOpens() {
    client.resource(run("iris-queued", OFFICE_HOURS, "queueName: gpu-queue")).create();

    assertThat(awaitReason("iris-queued", StartWindow.OUTSIDE_WINDOW).getStatus().message())
        .isEqualTo(
            "outside its active windows: Job iris-queued-train will be created when the window"
                + " opens at 2025-03-03T08:00:00Z");
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();

    // The operator was down when the window opened: on start it creates the Job, not suspended
    // by it (Kueue suspends and admits it), and the run is not taken for one whose Job was lost.
    drover.stopOperator();
    clock.set(Instant.parse("2025-03-03T08:10:00Z"));
    drover.startOperator();
    Job job = awaitJob("iris-queued-train", j -> true);
    assertThat(job.getMetadata().getAnnotations()).doesNotContainKey(StartWindow.HELD_ANNOTATION);
    assertThat(job.getMetadata().getLabels())
        .containsEntry(TrainingRunResources.KUEUE_QUEUE_LABEL, "gpu-queue");
    assertThat(awaitReason("iris-queued", "JobCreated").getStatus().phase())
        .isEqualTo(TrainingPhase.Pending);
  }

  @Test
  void operatorLooksAgainByItselfWhenTheWindowOpens() {
    // Nothing but the operator's own timer happens after the opening, five seconds from now.
    clock.set(Instant.parse("2025-03-03T07:59:55Z"));
    client.resource(run("iris-timer", OFFICE_HOURS, "")).create();

    Job held = awaitJob("iris-timer-train", j -> true);
    assertThat(held.getMetadata().getAnnotations())
        .as("created before the opening, so held for it")
        .containsKey(StartWindow.HELD_ANNOTATION);
    Job resumed = awaitJob("iris-timer-train", j -> !Boolean.TRUE.equals(j.getSpec().getSuspend()));
    assertThat(resumed.getMetadata().getAnnotations()).containsKey(StartWindow.OPENED_ANNOTATION);
  }

  // --- helpers ---

  static TrainingRun run(String name, String window, String moreSpec) {
    return Serialization.unmarshal(
        """
        apiVersion: drover.io/v1alpha1
        kind: TrainingRun
        metadata: {name: %s, namespace: ml}
        spec:
          model: iris-classifier
          dataset: {uri: "pvc://datasets/iris.csv"}
          resources: {cpu: 500m, gpus: 2}
          limits: {pendingTimeout: 24h}
          activeWindows: [%s]
          %s
        """
            .formatted(name, window, moreSpec),
        TrainingRun.class);
  }

  TrainingRun get(String name) {
    return client.resources(TrainingRun.class).inNamespace(NS).withName(name).get();
  }

  Job awaitJob(String name, Predicate<Job> until) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> client.batch().v1().jobs().inNamespace(NS).withName(name).get(),
            j -> j != null && until.test(j));
  }

  /** The Job as the API holds it now (the Job controller stand-in wrote its status). */
  Job fresh(Job job) {
    return client.batch().v1().jobs().resource(job).get();
  }

  TrainingRun awaitPhase(String name, TrainingPhase phase) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> get(name),
            r -> r != null && r.getStatus() != null && r.getStatus().phase() == phase);
  }

  /** Waits for the run's Reconciling condition to carry a reason. */
  TrainingRun awaitReason(String name, String reason) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> get(name),
            r ->
                r != null
                    && r.getStatus() != null
                    && r.getStatus().conditions().stream()
                        .anyMatch(
                            c ->
                                "Reconciling".equals(c.getType()) && reason.equals(c.getReason())));
  }

  static Condition condition(TrainingRun run, String type) {
    return TrainingRunLifecycleTest.condition(run, type);
  }

  double counter(String meter, String name) {
    var counter =
        drover
            .registry()
            .find(meter)
            .tags("kind", "TrainingRun", "namespace", NS, "name", name)
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
