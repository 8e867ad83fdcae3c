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
}
