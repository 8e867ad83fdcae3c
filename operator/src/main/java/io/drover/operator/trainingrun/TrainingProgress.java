package io.drover.operator.trainingrun;

import io.drover.contract.InvalidTrainerResultException;
import io.drover.contract.TrainerResult;
import io.drover.contract.TrainerResults;
import io.drover.operator.api.common.GoDuration;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.kubernetes.FinishedJobs;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides a run's phase from its Job and the Job's pods. Pure: the same observation and clock
 * always give the same assessment.
 */
final class TrainingProgress {

  /** How long a distributed run's workers may take to all start, unless the run says. */
  static final Duration DEFAULT_SCHEDULING_TIMEOUT = Duration.ofMinutes(10);

  private final Duration defaultPendingTimeout;

  TrainingProgress(Duration defaultPendingTimeout) {
    this.defaultPendingTimeout = defaultPendingTimeout;
  }

  TrainingAssessment assess(TrainingRun run, Job job, List<Pod> pods, Instant now) {
    TrainingAssessment assessment = assessPhase(run, job, pods, now);
    Instant until = Optional.ofNullable(assessment.completionTime()).orElse(now);
    return assessment.withCpuSeconds(cpuSeconds(run, pods, until));
  }

  private TrainingAssessment assessPhase(TrainingRun run, Job job, List<Pod> pods, Instant now) {
    int gpus = run.getSpec().resourcesOrDefault().gpuCount();
    // A distributed run's result is rank 0's; every worker's time counts.
    Optional<Pod> latest =
        resultPods(run, pods).stream().max(Comparator.comparing(TrainingProgress::createdAt));
    Instant started =
        pods.stream()
            .map(TrainingProgress::trainerStart)
            .flatMap(Optional::stream)
            .min(Comparator.naturalOrder())
            .orElse(null);

    Optional<JobCondition> complete = FinishedJobs.condition(job, FinishedJobs.COMPLETE);
    if (complete.isPresent()) {
      Instant finished =
          Optional.ofNullable(job.getStatus().getCompletionTime())
              .map(Instant::parse)
              .orElseGet(() -> transitionTime(complete.get(), now));
      long gpuSeconds = gpuSeconds(gpus, pods, finished);
      return succeeded(latest, started, finished, gpuSeconds);
    }
    Optional<JobCondition> failed = FinishedJobs.condition(job, FinishedJobs.FAILED);
    if (failed.isPresent()) {
      Instant finished = transitionTime(failed.get(), now);
      String why = failureMessage(failed.get(), latest);
      TrainerResult result =
          latest
              .flatMap(TrainingProgress::terminationMessage)
              .flatMap(TrainingProgress::tryParse)
              .orElse(null);
      String reason =
          FinishedJobs.failedByItsPods(failed.get()) ? "TrainerFailed" : failed.get().getReason();
      return new TrainingAssessment(
          TrainingPhase.Failed,
          reason,
          why,
          started,
          finished,
          gpuSeconds(gpus, pods, finished),
          result,
          false);
    }
    Optional<TrainingAssessment> gangTimedOut = gangTimeout(run, job, pods, now);
    if (gangTimedOut.isPresent()) {
      return gangTimedOut.get();
    }
    if (latest.isPresent() && isRunning(latest.get())) {
      boolean validating = isValidatingData(latest.get());
      String pod = latest.get().getMetadata().getName();
      return new TrainingAssessment(
          validating ? TrainingPhase.ValidatingData : TrainingPhase.Running,
          validating ? "ValidatingData" : "TrainerRunning",
          validating
              ? "the trainer is validating the data in pod " + pod
              : "the trainer is running in pod " + pod,
          started,
          null,
          gpuSeconds(gpus, pods, now),
          null,
          false);
    }
    return pendingOrTimedOut(run, job, latest, gpus, now);
  }

  private TrainingAssessment succeeded(
      Optional<Pod> latest, Instant started, Instant finished, long gpuSeconds) {
    Optional<String> message = latest.flatMap(TrainingProgress::terminationMessage);
    if (message.isEmpty()) {
      return new TrainingAssessment(
          TrainingPhase.Failed,
          "ResultMissing",
          "the Job completed but the trainer's pod and its result are gone",
          started,
          finished,
          gpuSeconds,
          null,
          false);
    }
    TrainerResult result;
    try {
      result = TrainerResults.parse(message.get());
    } catch (InvalidTrainerResultException e) {
      return new TrainingAssessment(
          TrainingPhase.Failed,
          "InvalidResult",
          e.getMessage(),
          started,
          finished,
          gpuSeconds,
          null,
          false);
    }
    if (result.outcome() != TrainerResult.Outcome.Succeeded) {
      return new TrainingAssessment(
          TrainingPhase.Failed,
          "TrainerFailed",
          orDefault(result.message(), "the trainer exited 0 but reported failure"),
          started,
          finished,
          gpuSeconds,
          result,
          false);
    }
    if (result.bundle() == null || result.bundle().uri() == null) {
      return new TrainingAssessment(
          TrainingPhase.Failed,
          "InvalidResult",
          "the trainer reported success but no bundle location",
          started,
          finished,
          gpuSeconds,
          result,
          false);
    }
    return new TrainingAssessment(
        TrainingPhase.Succeeded,
        "Succeeded",
        orDefault(result.message(), "trained; bundle at " + result.bundle().uri()),
        started,
        finished,
        gpuSeconds,
        result,
        false);
  }

  private TrainingAssessment pendingOrTimedOut(
      TrainingRun run, Job job, Optional<Pod> latest, int gpus, Instant now) {
    Duration timeout = pendingTimeout(run);
    Instant waitingSince = waitingSince(job, latest, now);
    String waitingFor = latest.flatMap(TrainingProgress::whyWaiting).orElse(null);
    if (!now.isBefore(waitingSince.plus(timeout))) {
      String cause =
          latest.isEmpty() && Boolean.TRUE.equals(job.getSpec().getSuspend())
              ? "the Job is still suspended, waiting for admission by its queue"
              : gpus > 0 ? "no node has the requested GPUs" : "no node could run the trainer pod";
      String message =
          "pending longer than pendingTimeout (%s): %s%s"
              .formatted(
                  GoDuration.format(timeout),
                  cause,
                  waitingFor == null ? "" : " (" + waitingFor + ")");
      return new TrainingAssessment(
          TrainingPhase.Failed, "PendingTimeout", message, null, now, 0, null, true);
    }
    String message =
        latest.isEmpty()
            ? "waiting for the Job to create the trainer pod"
            : "waiting for pod "
                + latest.get().getMetadata().getName()
                + " to start"
                + (waitingFor == null ? "" : ": " + waitingFor);
    return TrainingAssessment.pending("Pending", message);
  }

  /** The pods whose termination message is the run's result: rank 0's for a distributed run. */
  private static List<Pod> resultPods(TrainingRun run, List<Pod> pods) {
    if (!run.getSpec().isDistributed()) {
      return pods;
    }
    return TrialObserver.podsOf(pods, 0);
  }

  /**
   * A distributed run without a queue whose workers have not all started within schedulingTimeout
   * of the Job's creation (or its window's opening) fails as a whole: the Job is deleted, so the
   * workers that did start release their GPUs.
   */
  private Optional<TrainingAssessment> gangTimeout(
      TrainingRun run, Job job, List<Pod> pods, Instant now) {
    Optional<Duration> left = untilSchedulingTimeout(run, job, pods, now);
    if (left.isEmpty() || !left.get().isZero()) {
      return Optional.empty();
    }
    int workers = run.getSpec().workersOrDefault();
    List<Integer> waiting = pendingWorkers(run, pods);
    String why =
        waiting.stream()
            .map(
                i ->
                    TrialObserver.podsOf(pods, i).stream()
                        .max(Comparator.comparing(TrainingProgress::createdAt)))
            .flatMap(Optional::stream)
            .map(TrainingProgress::whyWaiting)
            .flatMap(Optional::stream)
            .findFirst()
            .map(w -> " (" + w + ")")
            .orElse("");
    String message =
        "%d of %d workers running after schedulingTimeout (%s); pending workers (ranks): %s%s;"
                .formatted(
                    workers - waiting.size(),
                    workers,
                    GoDuration.format(schedulingTimeout(run)),
                    waiting.stream()
                        .map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(", ")),
                    why)
            + " the Job was deleted so that no worker holds GPUs for a gang that cannot start";
    return Optional.of(
        new TrainingAssessment(
            TrainingPhase.Failed,
            "SchedulingTimeout",
            message,
            null,
            now,
            gpuSeconds(run.getSpec().resourcesOrDefault().gpuCount(), pods, now),
            null,
            true));
  }

  /**
   * Until a distributed run without a queue times out waiting for all its workers; empty when that
   * does not apply (single pod, a queue admits it as a whole, all workers started, or the Job is
   * finished or held for its window).
   */
  Optional<Duration> untilSchedulingTimeout(TrainingRun run, Job job, List<Pod> pods, Instant now) {
    if (!run.getSpec().isDistributed()
        || run.getSpec().queueName() != null
        || job == null
        || FinishedJobs.isFinished(job)
        || StartWindow.isHeld(job)
        || pendingWorkers(run, pods).isEmpty()) {
      return Optional.empty();
    }
    String created = job.getMetadata().getCreationTimestamp();
    Instant since = created == null ? now : Instant.parse(created);
    Optional<Instant> opened = StartWindow.openedAt(job);
    since = opened.filter(since::isBefore).orElse(since);
    Duration left = Duration.between(now, since.plus(schedulingTimeout(run)));
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  /** Ranks none of whose pods has started its trainer. */
  private static List<Integer> pendingWorkers(TrainingRun run, List<Pod> pods) {
    List<Integer> waiting = new java.util.ArrayList<>();
    for (int rank = 0; rank < run.getSpec().workersOrDefault(); rank++) {
      boolean started =
          TrialObserver.podsOf(pods, rank).stream().anyMatch(TrainingProgress::isRunning);
      if (!started) {
        waiting.add(rank);
      }
    }
    return waiting;
  }

  Duration schedulingTimeout(TrainingRun run) {
    String limit = run.getSpec().limitsOrDefault().schedulingTimeout();
    return limit == null
        ? DEFAULT_SCHEDULING_TIMEOUT
        : GoDuration.parse("spec.limits.schedulingTimeout", limit);
  }

  /** When to look again if nothing else happens: the moment a pending run times out. */
  Duration untilPendingTimeout(TrainingRun run, Job job, List<Pod> pods, Instant now) {
    Optional<Pod> latest = pods.stream().max(Comparator.comparing(TrainingProgress::createdAt));
    Duration left = Duration.between(now, waitingSince(job, latest, now).plus(pendingTimeout(run)));
    return left.isNegative() ? Duration.ZERO : left;
  }

  Duration pendingTimeout(TrainingRun run) {
    String limit = run.getSpec().limitsOrDefault().pendingTimeout();
    return limit == null
        ? defaultPendingTimeout
        : GoDuration.parse("spec.limits.pendingTimeout", limit);
  }

  /**
   * The newest pod has waited since it was created; without one, the Job has, since it was created
   * or, if it was held for its active window, since the window opened.
   */
  private static Instant waitingSince(Job job, Optional<Pod> latest, Instant now) {
    String created =
        latest
            .map(Pod::getMetadata)
            .or(() -> Optional.ofNullable(job).map(Job::getMetadata))
            .map(meta -> meta.getCreationTimestamp())
            .orElse(null);
    Instant since = created == null ? now : Instant.parse(created);
    Optional<Instant> opened =
        latest.isEmpty() && job != null ? StartWindow.openedAt(job) : Optional.empty();
    return opened.filter(since::isBefore).orElse(since);
  }

  private static String failureMessage(JobCondition failed, Optional<Pod> latest) {
    Optional<String> fromTrainer =
        latest
            .flatMap(TrainingProgress::terminationMessage)
            .map(text -> tryParse(text).map(TrainerResult::message).orElse(lastLines(text)));
    String jobWhy = orDefault(failed.getMessage(), orDefault(failed.getReason(), "Job failed"));
    return fromTrainer.filter(s -> !s.isBlank()).map(s -> s + " (" + jobWhy + ")").orElse(jobWhy);
  }

  static Optional<TrainerResult> tryParse(String text) {
    try {
      return Optional.of(TrainerResults.parse(text));
    } catch (InvalidTrainerResultException e) {
      return Optional.empty();
    }
  }

  /** Logs fall back into the message on error: keep the end, where the cause usually is. */
  static String lastLines(String text) {
    String trimmed = text.strip();
    return trimmed.length() <= 400 ? trimmed : "…" + trimmed.substring(trimmed.length() - 400);
  }

  static Optional<ContainerStatus> trainer(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> TrainingJobBuilder.CONTAINER.equals(s.getName()))
        .findFirst();
  }

  static Optional<String> terminationMessage(Pod pod) {
    return trainer(pod)
        .map(ContainerStatus::getState)
        .map(ContainerState::getTerminated)
        .map(ContainerStateTerminated::getMessage)
        .filter(m -> !m.isBlank());
  }

  static boolean isRunning(Pod pod) {
    return trainer(pod)
        .map(ContainerStatus::getState)
        .map(s -> s.getRunning() != null || s.getTerminated() != null)
        .orElse(false);
  }

  /**
   * A trainer with a readiness probe (the built-in one) becomes ready when its data passed
   * validation; until then it is validating.
   */
  private static boolean isValidatingData(Pod pod) {
    boolean probed =
        pod.getSpec() != null
            && pod.getSpec().getContainers().stream()
                .anyMatch(
                    c ->
                        TrainingJobBuilder.CONTAINER.equals(c.getName())
                            && c.getReadinessProbe() != null);
    boolean running =
        trainer(pod).map(ContainerStatus::getState).map(s -> s.getRunning() != null).orElse(false);
    boolean ready = trainer(pod).map(ContainerStatus::getReady).orElse(false);
    return probed && running && !ready;
  }

  static Optional<String> whyWaiting(Pod pod) {
    Optional<String> container =
        trainer(pod)
            .map(ContainerStatus::getState)
            .map(ContainerState::getWaiting)
            .filter(w -> w.getReason() != null)
            .map(w -> w.getReason() + (w.getMessage() == null ? "" : ": " + w.getMessage()));
    if (container.isPresent()) {
      return container;
    }
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
        .map(PodCondition::getMessage)
        .filter(m -> m != null && !m.isBlank())
        .findFirst();
  }

  static Optional<Instant> trainerStart(Pod pod) {
    return trainer(pod)
        .map(ContainerStatus::getState)
        .map(
            state ->
                state.getRunning() != null
                    ? state.getRunning().getStartedAt()
                    : state.getTerminated() != null ? state.getTerminated().getStartedAt() : null)
        .map(Instant::parse);
  }

  /** GPUs times the seconds each trainer container ran, summed over retries. */
  private static long gpuSeconds(int gpus, List<Pod> pods, Instant now) {
    return gpus == 0 ? 0 : gpus * trainerSeconds(pods, now);
  }

  /** CPU cores requested times the seconds each trainer container ran, rounded to seconds. */
  private static long cpuSeconds(TrainingRun run, List<Pod> pods, Instant now) {
    Quantity cpu = run.getSpec().resourcesOrDefault().cpu();
    if (cpu == null) {
      return 0;
    }
    return cpu.getNumericalAmount()
        .multiply(BigDecimal.valueOf(trainerSeconds(pods, now)))
        .setScale(0, RoundingMode.HALF_UP)
        .longValueExact();
  }

  /** Seconds the trainer containers ran, summed over the Job's pods (retries). */
  private static long trainerSeconds(List<Pod> pods, Instant now) {
    long seconds = 0;
    for (Pod pod : pods) {
      Optional<ContainerState> state = trainer(pod).map(ContainerStatus::getState);
      if (state.isEmpty()) {
        continue;
      }
      if (state.get().getTerminated() != null
          && state.get().getTerminated().getStartedAt() != null) {
        ContainerStateTerminated done = state.get().getTerminated();
        Instant end = done.getFinishedAt() == null ? now : Instant.parse(done.getFinishedAt());
        seconds += Duration.between(Instant.parse(done.getStartedAt()), end).toSeconds();
      } else if (state.get().getRunning() != null) {
        seconds +=
            Duration.between(Instant.parse(state.get().getRunning().getStartedAt()), now)
                .toSeconds();
      }
    }
    return Math.max(0, seconds);
  }

  private static Instant transitionTime(JobCondition condition, Instant fallback) {
    return condition.getLastTransitionTime() == null
        ? fallback
        : Instant.parse(condition.getLastTransitionTime());
  }

  /** Orders pods by age; a pod without a timestamp counts as oldest. */
  static Instant createdAt(Pod pod) {
    String created = pod.getMetadata().getCreationTimestamp();
    return created == null ? Instant.EPOCH : Instant.parse(created);
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
