package io.drover.local.runner.jobs;

import io.drover.local.runner.control.Keys;
import io.drover.local.runner.control.ReconcileLoop;
import io.drover.local.runner.control.Timestamps;
import io.drover.local.runner.events.EventRecorder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Plays the Job controller (batch/v1) as Kubernetes 1.31 has it: pods from the template up to
 * {@code parallelism} until {@code completions} succeed (NonIndexed, or Indexed with one pod per
 * index), failed pods replaced after a doubling back-off until {@code backoffLimit} (or per index
 * {@code backoffLimitPerIndex}), the {@code podFailurePolicy} applied to each failed pod, {@code
 * activeDeadlineSeconds}, {@code suspend} and {@code ttlSecondsAfterFinished}. A finishing Job gets
 * the interim condition first ({@code SuccessCriteriaMet} or {@code FailureTarget}), its remaining
 * pods are deleted, and the final one ({@code Complete} or {@code Failed}) once none is left.
 *
 * <p>Differences a user can tell: pods carry no {@code batch.kubernetes.io/job-tracking} finalizer,
 * so the counts are those of the pods that still exist; the Job's {@code spec.selector} is not
 * filled in (the pods carry the labels it would select); a finished Job's TTL deletes it in the
 * background, not in the foreground.
 */
public final class JobController implements AutoCloseable {

  private static final String COMPONENT = "job-controller";
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

  private final KubernetesClient client;
  private final Indexer<Job> jobs;
  private final EventRecorder events;
  private final Duration backoff;
  private final ReconcileLoop loop;

  public JobController(
      KubernetesClient client, Indexer<Job> jobs, EventRecorder events, Duration backoff) {
    this.client = client;
    this.jobs = jobs;
    this.events = events;
    this.backoff = backoff;
    this.loop = new ReconcileLoop("local-job-controller", this::reconcile);
  }

  public void start() {
    loop.start();
  }

  public void jobChanged(Job job) {
    loop.enqueue(Keys.of(job));
  }

  /** A pod changed: its Job (if a Job controls it) looks again. */
  public void podChanged(Pod pod) {
    Keys.controller(pod, "Job")
        .ifPresent(
            owner -> loop.enqueue(Keys.of(pod.getMetadata().getNamespace(), owner.getName())));
  }

  private void reconcile(String key) {
    Job job = jobs.getByKey(key);
    if (job == null) {
      return;
    }
    Instant now = Instant.now();
    JobStatus status =
        job.getStatus() == null ? new JobStatus() : Serialization.clone(job.getStatus());
    if (finished(status)) {
      expire(job, status, now);
      return;
    }
    JobSpec spec = job.getSpec();
    List<Pod> pods = podsOf(job);
    List<Pod> active = pods.stream().filter(JobPods::isActive).toList();
    int terminating =
        (int) pods.stream().filter(p -> !JobPods.isTerminal(p) && !JobPods.isActive(p)).count();
    boolean indexed = "Indexed".equals(spec.getCompletionMode());
    int completions =
        spec.getCompletions() == null
            ? (spec.getParallelism() == null ? 1 : -1)
            : spec.getCompletions();
    int parallelism = spec.getParallelism() == null ? 1 : spec.getParallelism();

    if (Boolean.TRUE.equals(spec.getSuspend())) {
      if (setCondition(status, "Suspended", "True", "JobSuspended", "Job suspended", now)) {
        events.normal(source(job), "Suspended", "Job suspended");
      }
      deletePods(job, active);
      fillCounts(status, pods, List.of(), terminating + active.size(), indexed, job);
      write(job, status);
      return;
    }
    if (condition(status, "Suspended").filter(c -> "True".equals(c.getStatus())).isPresent()) {
      setCondition(status, "Suspended", "False", "JobResumed", "Job resumed", now);
      events.normal(source(job), "Resumed", "Job resumed");
      // A resumed Job's deadline counts from the resumption, as in Kubernetes.
      status.setStartTime(Timestamps.format(now));
    }
    if (status.getStartTime() == null) {
      status.setStartTime(Timestamps.format(now));
    }

    Failures failures = judgeFailures(job, pods, indexed);
    SortedSet<Integer> succeededIndexes = new TreeSet<>();
    long succeeded = 0;
    for (Pod pod : pods) {
      if ("Succeeded".equals(JobPods.phase(pod))) {
        succeeded++;
        if (indexed) {
          JobPods.index(pod).filter(i -> i < completions).ifPresent(succeededIndexes::add);
        }
      }
    }
    if (indexed) {
      succeeded = succeededIndexes.size();
    }

    Optional<JobCondition> target =
        condition(status, "FailureTarget")
            .filter(c -> "True".equals(c.getStatus()))
            .or(
                () ->
                    condition(status, "SuccessCriteriaMet")
                        .filter(c -> "True".equals(c.getStatus())));
    if (target.isEmpty()) {
      Outcome outcome =
          outcome(
              job,
              status,
              failures,
              active,
              succeeded,
              succeededIndexes,
              completions,
              indexed,
              now);
      if (outcome != null) {
        setCondition(status, outcome.type(), "True", outcome.reason(), outcome.message(), now);
        if (outcome.type().equals("FailureTarget")) {
          events.warning(source(job), outcome.reason(), outcome.message());
        }
        target = condition(status, outcome.type());
      }
    }
    if (target.isPresent()) {
      deletePods(job, active);
      int left = terminating + active.size();
      fillCounts(status, pods, failures.counted, left, indexed, job);
      if (indexed) {
        status.setCompletedIndexes(IndexRanges.format(succeededIndexes));
      }
      if (left == 0) {
        boolean success = target.get().getType().equals("SuccessCriteriaMet");
        setCondition(
            status,
            success ? "Complete" : "Failed",
            "True",
            target.get().getReason(),
            target.get().getMessage(),
            now);
        if (success) {
          status.setCompletionTime(Timestamps.format(now));
          events.normal(source(job), "Completed", "Job completed");
        }
        write(job, status);
        expire(job, status, now);
        return;
      }
      write(job, status);
      return;
    }

    // Still running: keep the wanted number of pods, after the back-off of recent failures.
    List<Pod> kept = new ArrayList<>(active);
    // Every failure since the last success delays the next pod, those the policy ignores too.
    Duration wait =
        backoffLeft(
            pods.stream().filter(p -> "Failed".equals(JobPods.phase(p))).toList(), pods, now);
    if (indexed) {
      SortedSet<Integer> busy = new TreeSet<>(succeededIndexes);
      busy.addAll(failures.failedIndexes);
      active.forEach(p -> JobPods.index(p).ifPresent(busy::add));
      int room = parallelism - active.size();
      for (int i = 0; i < completions && room > 0 && wait.isZero(); i++) {
        if (!busy.contains(i)) {
          kept.add(create(job, i));
          room--;
        }
      }
    } else {
      int wanted =
          completions < 0
              ? (succeeded > 0 ? 0 : parallelism)
              : (int) Math.min(parallelism, completions - succeeded);
      wanted = Math.max(0, wanted);
      if (active.size() > wanted) {
        List<Pod> newest = new ArrayList<>(active);
        newest.sort(
            Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
                .reversed());
        List<Pod> extra = newest.subList(0, active.size() - wanted);
        deletePods(job, extra);
        kept.removeAll(extra);
      }
      for (int n = active.size(); n < wanted && wait.isZero(); n++) {
        kept.add(create(job, null));
      }
    }
    if (!wait.isZero()) {
      loop.enqueueAfter(key, wait);
    }
    if (spec.getActiveDeadlineSeconds() != null) {
      Instant deadline =
          Instant.parse(status.getStartTime()).plusSeconds(spec.getActiveDeadlineSeconds());
      loop.enqueueAfter(key, Duration.between(now, deadline).plusMillis(50));
    }
    fillCounts(status, pods, failures.counted, terminating, indexed, job);
    status.setActive(kept.isEmpty() ? null : kept.size());
    if (indexed) {
      status.setCompletedIndexes(IndexRanges.format(succeededIndexes));
    }
    write(job, status);
  }

  /** The failed pods the policy counts, the Job-failing verdict if any, failed indexes. */
  private record Failures(
      List<Pod> counted,
      String failJobMessage,
      SortedSet<Integer> failedIndexes,
      boolean perIndexLimit) {}

  private Failures judgeFailures(Job job, List<Pod> pods, boolean indexed) {
    JobSpec spec = job.getSpec();
    List<Pod> failed =
        pods.stream()
            .filter(p -> "Failed".equals(JobPods.phase(p)))
            .sorted(Comparator.comparing(JobPods::finishedAt))
            .toList();
    boolean policyApplies = "Never".equals(spec.getTemplate().getSpec().getRestartPolicy());
    List<Pod> counted = new ArrayList<>();
    String failJob = null;
    SortedSet<Integer> failedIndexes = new TreeSet<>();
    Map<Integer, Integer> perIndex = new HashMap<>();
    for (Pod pod : failed) {
      PodFailurePolicies.Verdict verdict =
          policyApplies
              ? PodFailurePolicies.judge(spec.getPodFailurePolicy(), pod)
              : new PodFailurePolicies.Verdict(PodFailurePolicies.Action.Count, null);
      switch (verdict.action()) {
        case Ignore -> {}
        case FailJob -> {
          counted.add(pod);
          if (failJob == null) {
            failJob = verdict.message();
          }
        }
        case FailIndex -> {
          counted.add(pod);
          JobPods.index(pod).ifPresent(failedIndexes::add);
        }
        case Count -> {
          counted.add(pod);
          JobPods.index(pod).ifPresent(i -> perIndex.merge(i, 1, Integer::sum));
        }
      }
    }
    boolean perIndexLimit = indexed && spec.getBackoffLimitPerIndex() != null;
    if (perIndexLimit) {
      perIndex.forEach(
          (index, n) -> {
            if (n > spec.getBackoffLimitPerIndex()) {
              failedIndexes.add(index);
            }
          });
    }
    return new Failures(counted, failJob, failedIndexes, perIndexLimit);
  }

  /** The interim condition a Job reaches: FailureTarget or SuccessCriteriaMet. */
  private record Outcome(String type, String reason, String message) {
    static Outcome failure(String reason, String message) {
      return new Outcome("FailureTarget", reason, message);
    }

    static Outcome success() {
      return new Outcome(
          "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods");
    }
  }

  /** The interim condition the Job reaches now, or null while it runs on. */
  private Outcome outcome(
      Job job,
      JobStatus status,
      Failures failures,
      List<Pod> active,
      long succeeded,
      SortedSet<Integer> succeededIndexes,
      int completions,
      boolean indexed,
      Instant now) {
    JobSpec spec = job.getSpec();
    if (failures.failJobMessage != null) {
      return Outcome.failure("PodFailurePolicy", failures.failJobMessage);
    }
    if (failures.perIndexLimit) {
      if (spec.getMaxFailedIndexes() != null
          && failures.failedIndexes.size() > spec.getMaxFailedIndexes()) {
        return Outcome.failure(
            "MaxFailedIndexesExceeded",
            "Job has exceeded the specified maximal number of failed indexes");
      }
    } else {
      int limit = spec.getBackoffLimit() == null ? 6 : spec.getBackoffLimit();
      boolean onFailure = "OnFailure".equals(spec.getTemplate().getSpec().getRestartPolicy());
      int restarts = onFailure ? active.stream().mapToInt(JobPods::restarts).sum() : 0;
      boolean pastOnFailure = onFailure && (limit == 0 ? restarts > 0 : restarts >= limit);
      if (failures.counted.size() > limit || pastOnFailure) {
        return Outcome.failure(
            "BackoffLimitExceeded", "Job has reached the specified backoff limit");
      }
    }
    if (spec.getActiveDeadlineSeconds() != null
        && status.getStartTime() != null
        && !now.isBefore(
            Instant.parse(status.getStartTime()).plusSeconds(spec.getActiveDeadlineSeconds()))) {
      return Outcome.failure("DeadlineExceeded", "Job was active longer than specified deadline");
    }
    if (indexed) {
      if (succeededIndexes.size() + failures.failedIndexes.size() >= completions
          && active.isEmpty()) {
        return failures.failedIndexes.isEmpty()
            ? Outcome.success()
            : Outcome.failure("FailedIndexes", "Job has failed indexes");
      }
      return null;
    }
    boolean complete =
        completions < 0 ? succeeded > 0 && active.isEmpty() : succeeded >= completions;
    return complete ? Outcome.success() : null;
  }

  /**
   * How long replacing a failed pod must still wait: 10 s doubled per failure since the last
   * success.
   */
  private Duration backoffLeft(List<Pod> failed, List<Pod> pods, Instant now) {
    Instant lastSuccess =
        pods.stream()
            .filter(p -> "Succeeded".equals(JobPods.phase(p)))
            .map(JobPods::finishedAt)
            .max(Comparator.naturalOrder())
            .orElse(Instant.EPOCH);
    List<Instant> recent =
        failed.stream()
            .map(JobPods::finishedAt)
            .filter(t -> t.isAfter(lastSuccess))
            .sorted()
            .toList();
    if (recent.isEmpty()) {
      return Duration.ZERO;
    }
    Duration delay = backoff;
    for (int i = 1; i < recent.size() && delay.compareTo(MAX_BACKOFF) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    if (delay.compareTo(MAX_BACKOFF) > 0) {
      delay = MAX_BACKOFF;
    }
    Duration left = Duration.between(now, recent.get(recent.size() - 1).plus(delay));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private void fillCounts(
      JobStatus status,
      List<Pod> pods,
      List<Pod> counted,
      int terminating,
      boolean indexed,
      Job job) {
    long succeeded = pods.stream().filter(p -> "Succeeded".equals(JobPods.phase(p))).count();
    if (indexed) {
      succeeded =
          pods.stream()
              .filter(p -> "Succeeded".equals(JobPods.phase(p)))
              .map(JobPods::index)
              .flatMap(Optional::stream)
              .distinct()
              .count();
    }
    List<Pod> active = pods.stream().filter(JobPods::isActive).toList();
    status.setActive(active.isEmpty() ? null : active.size());
    status.setReady((int) active.stream().filter(JobPods::isReady).count());
    status.setTerminating(terminating);
    status.setSucceeded(succeeded == 0 ? null : (int) succeeded);
    status.setFailed(counted.isEmpty() ? null : counted.size());
    status.setUncountedTerminatedPods(new UncountedTerminatedPods());
    if (indexed && job.getSpec().getBackoffLimitPerIndex() != null) {
      SortedSet<Integer> failed = judgeFailures(job, pods, true).failedIndexes;
      status.setFailedIndexes(IndexRanges.format(failed));
    }
  }

  private Pod create(Job job, Integer index) {
    Pod pod = client.pods().resource(JobPods.newPod(job, index)).create();
    events.normal(source(job), "SuccessfulCreate", "Created pod: " + pod.getMetadata().getName());
    return pod;
  }

  private void deletePods(Job job, List<Pod> pods) {
    for (Pod pod : pods) {
      try {
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .delete();
        events.normal(
            source(job), "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
      }
    }
  }

  /** A finished Job with {@code ttlSecondsAfterFinished} is deleted once that time has passed. */
  private void expire(Job job, JobStatus status, Instant now) {
    Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
    if (ttl == null) {
      return;
    }
    Instant finishedAt =
        Optional.ofNullable(status.getCompletionTime())
            .map(Instant::parse)
            .or(
                () ->
                    condition(status, "Failed")
                        .map(c -> Timestamps.parse(c.getLastTransitionTime())))
            .orElse(now);
    Duration left = Duration.between(now, finishedAt.plusSeconds(ttl));
    if (left.isNegative() || left.isZero()) {
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(job.getMetadata().getNamespace())
          .withName(job.getMetadata().getName())
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
    } else {
      loop.enqueueAfter(Keys.of(job), left.plusMillis(50));
    }
  }

  private List<Pod> podsOf(Job job) {
    // Read from the API, not a cache: a pod created a moment ago must be counted.
    return client
        .pods()
        .inNamespace(job.getMetadata().getNamespace())
        .withLabel(JobPods.CONTROLLER_UID, job.getMetadata().getUid())
        .list()
        .getItems()
        .stream()
        .filter(p -> Keys.controlledBy(p, job))
        .toList();
  }

  private void write(Job job, JobStatus status) {
    if (status.equals(job.getStatus())) {
      return;
    }
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(job.getMetadata().getNamespace())
        .withName(job.getMetadata().getName())
        .editStatus(
            j -> {
              if (!job.getMetadata().getUid().equals(j.getMetadata().getUid())) {
                return j;
              }
              j.setStatus(status);
              return j;
            });
  }

  private static boolean finished(JobStatus status) {
    return condition(status, "Complete").filter(c -> "True".equals(c.getStatus())).isPresent()
        || condition(status, "Failed").filter(c -> "True".equals(c.getStatus())).isPresent();
  }

  private static Optional<JobCondition> condition(JobStatus status, String type) {
    return status.getConditions() == null
        ? Optional.empty()
        : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * Sets a condition: added when absent and True, updated when its status changes (a False
   * condition is never added where there was none). Returns whether anything changed.
   */
  private static boolean setCondition(
      JobStatus status, String type, String value, String reason, String message, Instant now) {
    List<JobCondition> conditions =
        new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
    Optional<JobCondition> existing =
        conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    if (existing.isPresent() && value.equals(existing.get().getStatus())) {
      return false;
    }
    if (existing.isEmpty() && !"True".equals(value)) {
      return false;
    }
    JobCondition condition =
        new JobConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withLastProbeTime(Timestamps.format(now))
            .withLastTransitionTime(Timestamps.format(now))
            .build();
    if (existing.isPresent()) {
      conditions.set(conditions.indexOf(existing.get()), condition);
    } else {
      conditions.add(condition);
    }
    status.setConditions(conditions);
    return true;
  }

  private static EventRecorder.Source source(Job job) {
    return new EventRecorder.Source(COMPONENT, job, null);
  }

  @Override
  public void close() {
    loop.close();
  }
}
