package io.drover.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Plays the parts of Kubernetes the mock API server lacks: the Job controller creating a pod from
 * the Job's template, the scheduler and kubelet moving it along, and the Job controller marking the
 * Job complete or failed — applying the Job's podFailurePolicy and backoffLimit to a failed pod as
 * Kubernetes does ({@link #podFailed}). Everything goes through the API, as the real controllers
 * do.
 */
public final class JobControllerSimulator {

  private final KubernetesClient client;

  public JobControllerSimulator(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The Job controller's answer to the Job as the API holds it now: while it is suspended, no pod
   * and the condition {@code Suspended=True} (reason JobSuspended), as Kubernetes records it; once
   * resumed, {@code Suspended=False} (reason JobResumed) and the pod of that attempt.
   */
  public Optional<Pod> sync(Job job, int attempt, Instant at) {
    Job current = client.batch().v1().jobs().resource(job).get();
    boolean suspended = Boolean.TRUE.equals(current.getSpec().getSuspend());
    Optional<String> recorded =
        Optional.ofNullable(current.getStatus()).map(s -> s.getConditions()).stream()
            .flatMap(List::stream)
            .filter(c -> "Suspended".equals(c.getType()))
            .map(c -> c.getStatus())
            .findFirst();
    // Written when it changes only, as the Job controller does.
    if (suspended ? !recorded.equals(Optional.of("True")) : recorded.equals(Optional.of("True"))) {
      client
          .batch()
          .v1()
          .jobs()
          .resource(current)
          .editStatus(
              j ->
                  new JobBuilder(j)
                      .editOrNewStatus()
                      .withConditions(
                          new JobConditionBuilder()
                              .withType("Suspended")
                              .withStatus(suspended ? "True" : "False")
                              .withReason(suspended ? "JobSuspended" : "JobResumed")
                              .withMessage(suspended ? "Job suspended" : "Job resumed")
                              .withLastTransitionTime(at.toString())
                              .build())
                      .endStatus()
                      .build());
    }
    return suspended ? Optional.empty() : Optional.of(createPod(current, attempt));
  }

  /**
   * The Job controller creates the Job's pod from its template; it creates none for a suspended
   * Job, so asking for one is a mistake in the test.
   */
  public Pod createPod(Job job, int attempt) {
    Job current = client.batch().v1().jobs().resource(job).get();
    if (current != null && Boolean.TRUE.equals(current.getSpec().getSuspend())) {
      throw new IllegalStateException(
          "Job " + job.getMetadata().getName() + " is suspended: Kubernetes starts no pod for it");
    }
    var template = job.getSpec().getTemplate();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job.getMetadata().getName() + "-" + attempt)
            .withNamespace(job.getMetadata().getNamespace())
            .withLabels(template.getMetadata().getLabels())
            .addToLabels("job-name", job.getMetadata().getName())
            .withAnnotations(template.getMetadata().getAnnotations())
            .addNewOwnerReference()
            .withApiVersion("batch/v1")
            .withKind("Job")
            .withName(job.getMetadata().getName())
            .withUid(job.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withSpec(template.getSpec())
            .withNewStatus()
            .withPhase("Pending")
            .endStatus()
            .build();
    return client.pods().resource(pod).create();
  }

  /** Annotation and label the Job controller puts on each pod of an Indexed Job. */
  public static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  /**
   * The Job controller creates the pod of completion index {@code index} of an Indexed Job, as
   * Kubernetes does: named {@code <job>-<index>-<attempt>}, annotated and labelled with its index,
   * and with {@code JOB_COMPLETION_INDEX} in every container's environment (from that annotation).
   */
  public Pod createIndexedPod(Job job, int index, int attempt) {
    Job current = client.batch().v1().jobs().resource(job).get();
    if (!"Indexed".equals(current.getSpec().getCompletionMode())) {
      throw new IllegalStateException(
          "Job " + job.getMetadata().getName() + " is not Indexed: its pods have no index");
    }
    if (index >= current.getSpec().getCompletions()) {
      throw new IllegalStateException(
          "Job %s has %d completions: there is no index %d"
              .formatted(job.getMetadata().getName(), current.getSpec().getCompletions(), index));
    }
    if (Boolean.TRUE.equals(current.getSpec().getSuspend())) {
      throw new IllegalStateException(
          "Job " + job.getMetadata().getName() + " is suspended: Kubernetes starts no pod for it");
    }
    var template = current.getSpec().getTemplate();
    var spec = new io.fabric8.kubernetes.api.model.PodSpecBuilder(template.getSpec()).build();
    spec.getContainers()
        .forEach(
            c ->
                c.getEnv()
                    .add(
                        new io.fabric8.kubernetes.api.model.EnvVar(
                            "JOB_COMPLETION_INDEX", String.valueOf(index), null)));
    if (template.getSpec().getSubdomain() != null) {
      spec.setHostname(job.getMetadata().getName() + "-" + index);
    }
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job.getMetadata().getName() + "-" + index + "-" + attempt)
            .withNamespace(job.getMetadata().getNamespace())
            .withLabels(template.getMetadata().getLabels())
            .addToLabels("job-name", job.getMetadata().getName())
            .addToLabels(COMPLETION_INDEX, String.valueOf(index))
            .withAnnotations(template.getMetadata().getAnnotations())
            .addToAnnotations(COMPLETION_INDEX, String.valueOf(index))
            .addNewOwnerReference()
            .withApiVersion("batch/v1")
            .withKind("Job")
            .withName(job.getMetadata().getName())
            .withUid(current.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withSpec(spec)
            .withNewStatus()
            .withPhase("Pending")
            .endStatus()
            .build();
    return client.pods().resource(pod).create();
  }

  /**
   * An index of an Indexed Job with per-index retries fails for good, as the Job controller records
   * it: the index joins {@code status.failedIndexes}, and once more indexes failed than {@code
   * maxFailedIndexes} the Job fails (reason MaxFailedIndexesExceeded); the other indexes go on
   * otherwise.
   *
   * @return whether the Job failed
   */
  public boolean indexFailed(Job job, int index, Instant at) {
    Job current = client.batch().v1().jobs().resource(job).get();
    java.util.TreeSet<Integer> failed = new java.util.TreeSet<>(failedIndexes(current));
    failed.add(index);
    String list =
        failed.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    Integer max = current.getSpec().getMaxFailedIndexes();
    boolean over = max != null && failed.size() > max;
    client
        .batch()
        .v1()
        .jobs()
        .resource(current)
        .editStatus(
            j -> {
              var status = new JobBuilder(j).editOrNewStatus().withFailedIndexes(list);
              if (over) {
                status.withConditions(
                    condition(
                        "FailureTarget",
                        "MaxFailedIndexesExceeded",
                        "Job has exceeded the specified maximal number of failed indexes",
                        at),
                    condition(
                        "Failed",
                        "MaxFailedIndexesExceeded",
                        "Job has exceeded the specified maximal number of failed indexes",
                        at));
              }
              return status.endStatus().build();
            });
    return over;
  }

  /**
   * Every index of the Indexed Job has ended: Complete if none failed, else Failed with reason
   * FailedIndexes, as the Job controller decides once the last index is done.
   */
  public Job indexesDone(Job job, Instant at) {
    Job current = client.batch().v1().jobs().resource(job).get();
    if (failedIndexes(current).isEmpty()) {
      return complete(current, at);
    }
    return failed(current, "FailedIndexes", "Job has failed indexes", at);
  }

  private static List<Integer> failedIndexes(Job job) {
    String list = job.getStatus() == null ? null : job.getStatus().getFailedIndexes();
    if (list == null || list.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(list.split(",")).map(Integer::valueOf).toList();
  }

  /** The scheduler finds no node for the pod. */
  public Pod unschedulable(Pod pod, String why) {
    return client
        .pods()
        .resource(pod)
        .editStatus(
            p ->
                new PodBuilder(p)
                    .editStatus()
                    .withPhase("Pending")
                    .withConditions(
                        new PodConditionBuilder()
                            .withType("PodScheduled")
                            .withStatus("False")
                            .withReason("Unschedulable")
                            .withMessage(why)
                            .build())
                    .endStatus()
                    .build());
  }

  /** The kubelet starts the trainer container, which is ready (done validating its data). */
  public Pod running(Pod pod, Instant startedAt) {
    return started(pod, startedAt, true);
  }

  /** The kubelet starts the trainer container, not yet ready: it is still validating its data. */
  public Pod validating(Pod pod, Instant startedAt) {
    return started(pod, startedAt, false);
  }

  private Pod started(Pod pod, Instant startedAt, boolean ready) {
    return client
        .pods()
        .resource(pod)
        .editStatus(
            p ->
                new PodBuilder(p)
                    .editStatus()
                    .withPhase("Running")
                    .withStartTime(startedAt.toString())
                    .withContainerStatuses(
                        new ContainerStatusBuilder()
                            .withName("trainer")
                            .withReady(ready)
                            .withNewState()
                            .withNewRunning()
                            .withStartedAt(startedAt.toString())
                            .endRunning()
                            .endState()
                            .build())
                    .endStatus()
                    .build());
  }

  /** The trainer container exits, leaving its termination message. */
  public Pod terminated(
      Pod pod, int exitCode, String terminationMessage, Instant startedAt, Instant finishedAt) {
    return client
        .pods()
        .resource(pod)
        .editStatus(
            p ->
                new PodBuilder(p)
                    .editStatus()
                    .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                    .withContainerStatuses(
                        new ContainerStatusBuilder()
                            .withName("trainer")
                            .withReady(false)
                            .withNewState()
                            .withNewTerminated()
                            .withExitCode(exitCode)
                            .withReason(exitCode == 0 ? "Completed" : "Error")
                            .withMessage(terminationMessage)
                            .withStartedAt(startedAt.toString())
                            .withFinishedAt(finishedAt.toString())
                            .endTerminated()
                            .endState()
                            .build())
                    .endStatus()
                    .build());
  }

  /** Every container of the pod exits 0 with its own termination message. */
  public Pod allTerminated(Pod pod, java.util.Map<String, String> messages, Instant at) {
    return client
        .pods()
        .resource(pod)
        .editStatus(
            p ->
                new PodBuilder(p)
                    .editStatus()
                    .withPhase("Succeeded")
                    .withContainerStatuses(
                        messages.entrySet().stream()
                            .map(
                                e ->
                                    new ContainerStatusBuilder()
                                        .withName(e.getKey())
                                        .withNewState()
                                        .withNewTerminated()
                                        .withExitCode(0)
                                        .withMessage(e.getValue())
                                        .withStartedAt(at.toString())
                                        .withFinishedAt(at.toString())
                                        .endTerminated()
                                        .endState()
                                        .build())
                            .toList())
                    .endStatus()
                    .build());
  }

  /**
   * The trainer container exits non-zero and the Job controller decides, as Kubernetes does, from
   * the Job's podFailurePolicy (first matching rule) and backoffLimit: FailJob fails the Job at
   * once (conditions FailureTarget, then Failed, reason {@code PodFailurePolicy}); Ignore replaces
   * the pod without counting the failure; Count (also: no rule matched) counts it, and the Job
   * fails with {@code BackoffLimitExceeded} once more pods failed than the limit allows, else a new
   * pod is created.
   *
   * @return the replacement pod, if the Job goes on
   */
  public Optional<Pod> podFailed(
      Job job,
      Pod pod,
      int attempt,
      int exitCode,
      String terminationMessage,
      Instant startedAt,
      Instant finishedAt) {
    Pod failed = terminated(pod, exitCode, terminationMessage, startedAt, finishedAt);
    Job current = client.batch().v1().jobs().resource(job).get();
    var verdict = PodFailurePolicies.judge(current.getSpec().getPodFailurePolicy(), failed);
    switch (verdict.action()) {
      case FailJob -> {
        failWith(current, "PodFailurePolicy", verdict.message(), finishedAt, 0);
        return Optional.empty();
      }
      case Ignore -> {
        return Optional.of(createPod(current, attempt + 1));
      }
      case FailIndex ->
          throw new IllegalArgumentException(
              "FailIndex needs an indexed Job; training Jobs are not");
      default -> {
        int failures =
            1 + Optional.ofNullable(current.getStatus()).map(s -> s.getFailed()).orElse(0);
        int limit = Optional.ofNullable(current.getSpec().getBackoffLimit()).orElse(6);
        if (failures > limit) {
          failWith(
              current,
              "BackoffLimitExceeded",
              "Job has reached the specified backoff limit",
              finishedAt,
              1);
          return Optional.empty();
        }
        client
            .batch()
            .v1()
            .jobs()
            .resource(current)
            .editStatus(
                j -> new JobBuilder(j).editOrNewStatus().withFailed(failures).endStatus().build());
        return Optional.of(createPod(current, attempt + 1));
      }
    }
  }

  /** A Job failing: FailureTarget first (pods may still be terminating), then Failed. */
  private void failWith(Job job, String reason, String message, Instant at, int counted) {
    client
        .batch()
        .v1()
        .jobs()
        .resource(job)
        .editStatus(
            j ->
                new JobBuilder(j)
                    .editOrNewStatus()
                    .withFailed(
                        Optional.ofNullable(j.getStatus()).map(s -> s.getFailed()).orElse(0)
                            + counted)
                    .withConditions(
                        condition("FailureTarget", reason, message, at),
                        condition("Failed", reason, message, at))
                    .endStatus()
                    .build());
  }

  private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(
      String type, String reason, String message, Instant at) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(at.toString())
        .build();
  }

  public Job complete(Job job, Instant at) {
    return finish(job, "Complete", null, null, at);
  }

  public Job failed(Job job, String reason, String message, Instant at) {
    return finish(job, "Failed", reason, message, at);
  }

  private Job finish(Job job, String type, String reason, String message, Instant at) {
    return client
        .batch()
        .v1()
        .jobs()
        .resource(job)
        .editStatus(
            j ->
                new JobBuilder(j)
                    .editOrNewStatus()
                    .withConditions(
                        new JobConditionBuilder()
                            .withType(type)
                            .withStatus("True")
                            .withReason(reason)
                            .withMessage(message)
                            .withLastTransitionTime(at.toString())
                            .build())
                    .withCompletionTime("Complete".equals(type) ? at.toString() : null)
                    .endStatus()
                    .build());
  }
}
