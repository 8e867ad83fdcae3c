package io.drover.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Job controller, against the mock API, with real processes as the Job's pods. */
@EnableKubernetesMockClient(crud = true)
class JobControllerTest extends RunnerTestSupport {

  static KubernetesClient client;

  @Override
  KubernetesClient client() {
    return client;
  }

  /** A Job shaped like the operator's trainer Job: Never, FailJob on exit codes 1 and 2. */
  static JobBuilder trainerLikeJob(
      String namespace, String name, int backoffLimit, Container container) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withUid(null)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(backoffLimit)
        .withNewPodFailurePolicy()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName(container.getName())
        .withOperator("In")
        .withValues(1, 2)
        .endOnExitCodes()
        .endRule()
        .endPodFailurePolicy()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "trainer")
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withContainers(container)
        .endSpec()
        .endTemplate()
        .endSpec();
  }

  Job create(Job job) {
    return client.batch().v1().jobs().resource(job).create();
  }

  Job job(String namespace, String name) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }

  static Optional<JobCondition> condition(Job job, String type) {
    return job.getStatus() == null || job.getStatus().getConditions() == null
        ? Optional.empty()
        : job.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
            .findFirst();
  }

  static ContainerStateTerminated terminated(Pod pod) {
    return pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
  }

  @Test
  void jobSucceedsAndItsPodCarriesTheTerminationMessageWithContainerPaths() {
    startRunner();
    Container trainer =
        container(
            "trainer",
            "TEST_REPORT=DROVER_OUTPUT_URI",
            "DROVER_OUTPUT_URI=/drover/volumes/models/iris/run-1");
    trainer.setVolumeMounts(
        List.of(
            new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                .withName("models")
                .withMountPath("/drover/volumes/models")
                .build()));
    Job job =
        trainerLikeJob("jobs-ok", "train", 0, trainer)
            .editSpec()
            .editTemplate()
            .editSpec()
            .addNewVolume()
            .withName("models")
            .withNewPersistentVolumeClaim()
            .withClaimName("models")
            .endPersistentVolumeClaim()
            .endVolume()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    Job created = create(job);

    eventually().until(() -> condition(job("jobs-ok", "train"), "Complete").isPresent());

    Job done = job("jobs-ok", "train");
    assertThat(condition(done, "SuccessCriteriaMet"))
        .get()
        .extracting(JobCondition::getReason)
        .isEqualTo("CompletionsReached");
    assertThat(condition(done, "Complete"))
        .get()
        .extracting(JobCondition::getMessage)
        .isEqualTo("Reached expected number of succeeded pods");
    assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(done.getStatus().getActive()).isNull();
    assertThat(done.getStatus().getStartTime()).isNotNull();
    assertThat(done.getStatus().getCompletionTime()).isNotNull();

    List<Pod> pods = pods("jobs-ok");
    assertThat(pods).hasSize(1);
    Pod pod = pods.get(0);
    assertThat(pod.getMetadata().getName()).matches("train-[a-z0-9]{5}");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("app", "trainer")
        .containsEntry("job-name", "train")
        .containsEntry("batch.kubernetes.io/job-name", "train")
        .containsEntry("controller-uid", created.getMetadata().getUid())
        .containsEntry("batch.kubernetes.io/controller-uid", created.getMetadata().getUid());
    var owner = pod.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getKind()).isEqualTo("Job");
    assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(owner.getController()).isTrue();
    assertThat(owner.getBlockOwnerDeletion()).isTrue();
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    ContainerStateTerminated terminated = terminated(pod);
    assertThat(terminated.getExitCode()).isZero();
    assertThat(terminated.getReason()).isEqualTo("Completed");
    // The process was told the host folder; the pod reports the path the container sees.
    assertThat(terminated.getMessage())
        .startsWith("DROVER_OUTPUT_URI=/drover/volumes/models/iris/run-1");
    assertThat(home.resolve("volumes/models")).isDirectory();
    assertThat(pod.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("PodCompleted");
            });
    assertThat(event(done, "SuccessfulCreate"))
        .get()
        .extracting(e -> e.getMessage())
        .isEqualTo("Created pod: " + pod.getMetadata().getName());
    assertThat(event(pod, "Started")).isPresent();
  }

  @Test
  void exitCodeRefusedByThePodFailurePolicyFailsTheJobWithoutRetry() {
    startRunner();
    create(
        trainerLikeJob(
                "jobs-refused",
                "train",
                3,
                container("trainer", "TEST_EXIT_CODE=1", "TEST_MESSAGE=bad input"))
            .build());

    eventually().until(() -> condition(job("jobs-refused", "train"), "Failed").isPresent());

    Job failed = job("jobs-refused", "train");
    List<Pod> pods = pods("jobs-refused");
    assertThat(pods).hasSize(1);
    String pod = pods.get(0).getMetadata().getName();
    JobCondition condition = condition(failed, "Failed").orElseThrow();
    assertThat(condition.getReason()).isEqualTo("PodFailurePolicy");
    assertThat(condition.getMessage())
        .isEqualTo(
            "Container trainer for pod jobs-refused/"
                + pod
                + " failed with exit code 1 matching FailJob rule at index 0");
    assertThat(condition(failed, "FailureTarget"))
        .get()
        .extracting(JobCondition::getReason)
        .isEqualTo("PodFailurePolicy");
    assertThat(failed.getStatus().getFailed()).isEqualTo(1);
    assertThat(terminated(pods.get(0)).getMessage()).isEqualTo("bad input");
    assertThat(terminated(pods.get(0)).getReason()).isEqualTo("Error");
  }

  @Test
  void otherExitCodesAreRetriedUpToTheBackoffLimit() {
    startRunner();
    create(
        trainerLikeJob("jobs-retry", "train", 2, container("trainer", "TEST_EXIT_CODE=3")).build());

    eventually().until(() -> condition(job("jobs-retry", "train"), "Failed").isPresent());

    Job failed = job("jobs-retry", "train");
    assertThat(condition(failed, "Failed").orElseThrow().getReason())
        .isEqualTo("BackoffLimitExceeded");
    assertThat(condition(failed, "Failed").orElseThrow().getMessage())
        .isEqualTo("Job has reached the specified backoff limit");
    assertThat(failed.getStatus().getFailed()).isEqualTo(3);
    assertThat(pods("jobs-retry"))
        .hasSize(3)
        .allSatisfy(
            p -> {
              assertThat(p.getStatus().getPhase()).isEqualTo("Failed");
              assertThat(terminated(p).getExitCode()).isEqualTo(3);
            });
  }

  @Test
  void activeDeadlineFailsTheJobAndKillsItsRunningPod() {
    startRunner();
    Job job =
        trainerLikeJob("jobs-deadline", "train", 3, container("trainer", "TEST_RUN_MS=600000"))
            .build();
    job.getSpec().setActiveDeadlineSeconds(2L);
    create(job);
    eventually()
        .until(
            () ->
                pods("jobs-deadline").stream()
                    .anyMatch(
                        p ->
                            "Running"
                                .equals(p.getStatus() == null ? null : p.getStatus().getPhase())));
    long pid = pid(pods("jobs-deadline").get(0), "trainer");
    assertThat(alive(pid)).isTrue();

    eventually().until(() -> condition(job("jobs-deadline", "train"), "Failed").isPresent());

    Job failed = job("jobs-deadline", "train");
    assertThat(condition(failed, "Failed").orElseThrow().getReason()).isEqualTo("DeadlineExceeded");
    assertThat(condition(failed, "Failed").orElseThrow().getMessage())
        .isEqualTo("Job was active longer than specified deadline");
    assertThat(condition(failed, "FailureTarget")).isPresent();
    eventually().until(() -> !alive(pid));
    assertThat(event(failed, "DeadlineExceeded")).isPresent();
  }

  @Test
  void aSuspendedJobGetsNoPodUntilItIsResumed() {
    startRunner();
    Job job = trainerLikeJob("jobs-suspend", "train", 0, container("trainer")).build();
    job.getSpec().setSuspend(true);
    create(job);

    eventually().until(() -> condition(job("jobs-suspend", "train"), "Suspended").isPresent());
    assertThat(condition(job("jobs-suspend", "train"), "Suspended").orElseThrow().getReason())
        .isEqualTo("JobSuspended");
    assertThat(pods("jobs-suspend")).isEmpty();
    assertThat(job("jobs-suspend", "train").getStatus().getStartTime()).isNull();

    client
        .batch()
        .v1()
        .jobs()
        .inNamespace("jobs-suspend")
        .withName("train")
        .edit(
            j -> {
              j.getSpec().setSuspend(false);
              return j;
            });

    eventually().until(() -> condition(job("jobs-suspend", "train"), "Complete").isPresent());
    Job done = job("jobs-suspend", "train");
    JobCondition suspended =
        done.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals("Suspended"))
            .findFirst()
            .orElseThrow();
    assertThat(suspended.getStatus()).isEqualTo("False");
    assertThat(suspended.getReason()).isEqualTo("JobResumed");
    assertThat(pods("jobs-suspend")).hasSize(1);
  }

  @Test
  void ignoredFailuresAreReplacedWithoutCountingTowardsTheLimit() {
    startRunner();
    Container flaky = container("trainer", "TEST_EXIT_CODE=4");
    Job job = trainerLikeJob("jobs-ignore", "train", 0, flaky).build();
    job.getSpec()
        .getPodFailurePolicy()
        .getRules()
        .add(
            0,
            new io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder()
                .withAction("Ignore")
                .withNewOnExitCodes()
                .withOperator("In")
                .withValues(4)
                .endOnExitCodes()
                .build());
    job.getSpec().setBackoffLimit(0);
    create(job);

    // Each ignored failure is replaced; the Job never fails however many there are.
    eventually()
        .until(
            () ->
                pods("jobs-ignore").stream()
                        .filter(
                            p ->
                                "Failed"
                                    .equals(
                                        p.getStatus() == null ? null : p.getStatus().getPhase()))
                        .count()
                    >= 2);
    Job running = job("jobs-ignore", "train");
    assertThat(condition(running, "Failed")).isEmpty();
    assertThat(running.getStatus().getFailed()).isNull();
  }

  @Test
  void indexedJobRunsOnePodPerIndexWithItsIndex() {
    startRunner();
    Job job =
        trainerLikeJob(
                "jobs-indexed",
                "trials",
                0,
                container("trainer", "TEST_REPORT=JOB_COMPLETION_INDEX"))
            .build();
    job.getSpec().setCompletionMode("Indexed");
    job.getSpec().setCompletions(3);
    job.getSpec().setParallelism(2);
    create(job);

    eventually().until(() -> condition(job("jobs-indexed", "trials"), "Complete").isPresent());

    Job done = job("jobs-indexed", "trials");
    assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0-2");
    assertThat(done.getStatus().getSucceeded()).isEqualTo(3);
    assertThat(pods("jobs-indexed"))
        .hasSize(3)
        .allSatisfy(
            p -> {
              String index =
                  p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index");
              assertThat(p.getMetadata().getName()).startsWith("trials-" + index + "-");
              assertThat(terminated(p).getMessage()).startsWith("JOB_COMPLETION_INDEX=" + index);
            });
  }

  @Test
  void aFinishedJobIsDeletedAfterItsTtl() {
    startRunner();
    Job job = trainerLikeJob("jobs-ttl", "train", 0, container("trainer")).build();
    job.getSpec().setTtlSecondsAfterFinished(1);
    create(job);
    eventually()
        .until(
            () -> {
              Job j = job("jobs-ttl", "train");
              return j == null || condition(j, "Complete").isPresent();
            });
    eventually().until(() -> job("jobs-ttl", "train") == null);
  }
}
