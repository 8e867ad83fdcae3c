package io.drover.operator.trainingrun;

import io.drover.contract.InvalidTrainerResultException;
import io.drover.contract.TrainerEnvironment;
import io.drover.contract.TrainerResult;
import io.drover.contract.TrainerResults;
import io.drover.operator.api.common.GoDuration;
import io.drover.operator.api.trainingrun.DatasetStatus;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.Trial;
import io.drover.operator.kubernetes.FinishedJobs;
import io.drover.operator.kubernetes.StorageMounts;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the pods of a rung's Indexed Job say of its trials: each pod carries its completion index
 * (the {@value TrainerEnvironment#COMPLETION_INDEX_ANNOTATION} annotation) and, once its trainer
 * ended, the trial's result as its termination message, exactly as a single run's pod does. Pure.
 */
final class TrialObserver {

  private final String objectiveMetric;
  private final int retriesPerTrial;

  /**
   * @param retriesPerTrial the Job's backoffLimitPerIndex: failed pods of one index beyond it fail
   *     the trial
   */
  TrialObserver(String objectiveMetric, int retriesPerTrial) {
    this.objectiveMetric = objectiveMetric;
    this.retriesPerTrial = retriesPerTrial;
  }

  /** The trials, those of {@code job} updated from its pods; a trial already final stays so. */
  List<Trial> observe(List<Trial> trials, Job job, List<Pod> pods, Instant now) {
    String jobName = job.getMetadata().getName();
    return trials.stream()
        .map(
            t ->
                t.isFinished() || !jobName.equals(t.job())
                    ? t
                    : observe(t, job, podsOf(pods, t.completionIndex()), now))
        .toList();
  }

  private Trial observe(Trial trial, Job job, List<Pod> pods, Instant now) {
    Optional<Pod> latest = pods.stream().max(Comparator.comparing(TrainingProgress::createdAt));
    Instant started =
        pods.stream()
            .map(TrainingProgress::trainerStart)
            .flatMap(Optional::stream)
            .min(Comparator.naturalOrder())
            .orElse(null);
    Optional<ContainerStateTerminated> ended =
        latest
            .flatMap(TrainingProgress::trainer)
            .map(ContainerStatus::getState)
            .map(ContainerState::getTerminated);
    if (ended.isPresent()) {
      ContainerStateTerminated done = ended.get();
      Instant finished = done.getFinishedAt() == null ? now : Instant.parse(done.getFinishedAt());
      Optional<String> message = latest.flatMap(TrainingProgress::terminationMessage);
      if (done.getExitCode() != null && done.getExitCode() == 0) {
        return succeededOrInvalid(trial, message, started, finished);
      }
      long failedPods = pods.stream().filter(TrialObserver::failed).count();
      boolean retried =
          failedPods <= retriesPerTrial
              && !TrainingJobBuilder.INPUT_REFUSED_EXIT_CODES.contains(done.getExitCode())
              && !FinishedJobs.isFinished(job);
      if (retried) {
        return withPhase(trial, TrainingPhase.Running, started, null, null, null);
      }
      String why =
          message
              .map(
                  text ->
                      TrainingProgress.tryParse(text)
                          .map(TrainerResult::message)
                          .orElse(TrainingProgress.lastLines(text)))
              .filter(s -> s != null && !s.isBlank())
              .orElse("the trainer exited " + done.getExitCode());
      return failed(trial, why, started, finished);
    }
    if (FinishedJobs.isFinished(job)) {
      String why =
          FinishedJobs.condition(job, FinishedJobs.FAILED)
              .map(c -> c.getMessage() == null ? c.getReason() : c.getMessage())
              .orElse("the Job ended");
      return failed(trial, "stopped before it reported a result: " + why, started, now);
    }
    if (latest.isPresent() && TrainingProgress.isRunning(latest.get())) {
      return withPhase(trial, TrainingPhase.Running, started, null, null, null);
    }
    return trial;
  }

  private Trial succeededOrInvalid(
      Trial trial, Optional<String> message, Instant started, Instant finished) {
    if (message.isEmpty()) {
      return failed(trial, "the trainer exited 0 but left no result", started, finished);
    }
    TrainerResult result;
    try {
      result = TrainerResults.parse(message.get());
    } catch (InvalidTrainerResultException e) {
      return failed(trial, e.getMessage(), started, finished);
    }
    if (result.outcome() != TrainerResult.Outcome.Succeeded
        || result.bundle() == null
        || result.bundle().uri() == null) {
      return failed(
          trial,
          result.message() == null ? "the trainer reported no model bundle" : result.message(),
          started,
          finished);
    }
    Double objective = result.metrics().get(objectiveMetric);
    if (objective == null) {
      return failed(
          trial,
          "the trainer did not report the objective metric %s (it reported %s)"
              .formatted(objectiveMetric, new TreeMap<>(result.metrics()).keySet()),
          started,
          finished);
    }
    Trial done = withPhase(trial, TrainingPhase.Succeeded, started, finished, null, result);
    return new Trial(
        done.index(),
        done.configuration(),
        done.rung(),
        done.budget(),
        done.parameters(),
        done.phase(),
        new TreeMap<>(result.metrics()),
        objective,
        done.job(),
        done.completionIndex(),
        done.startTime(),
        done.completionTime(),
        done.duration(),
        StorageMounts.locationOf(result.bundle().uri()),
        result.bundle().digest(),
        result.bundle().format(),
        null);
  }

  private static Trial failed(Trial trial, String why, Instant started, Instant finished) {
    return withPhase(trial, TrainingPhase.Failed, started, finished, why, null);
  }

  private static Trial withPhase(
      Trial trial,
      TrainingPhase phase,
      Instant started,
      Instant finished,
      String message,
      TrainerResult result) {
    Instant start = started != null ? started : parse(trial.startTime());
    return new Trial(
        trial.index(),
        trial.configuration(),
        trial.rung(),
        trial.budget(),
        trial.parameters(),
        phase,
        trial.metrics().isEmpty() ? null : trial.metrics(),
        trial.objective(),
        trial.job(),
        trial.completionIndex(),
        start == null ? null : start.toString(),
        finished == null ? null : finished.toString(),
        start != null && finished != null
            ? GoDuration.format(Duration.between(start, finished))
            : null,
        trial.bundleUri(),
        trial.bundleDigest(),
        trial.bundleFormat(),
        message);
  }

  /** The pods of one completion index. */
  static List<Pod> podsOf(List<Pod> pods, Integer completionIndex) {
    String index = String.valueOf(completionIndex);
    return pods.stream()
        .filter(
            pod -> {
              Map<String, String> annotations = pod.getMetadata().getAnnotations();
              return annotations != null
                  && index.equals(annotations.get(TrainerEnvironment.COMPLETION_INDEX_ANNOTATION));
            })
        .toList();
  }

  /** The data set as a succeeded trial's trainer read it (every trial reads the same data). */
  static Optional<DatasetStatus> dataset(List<Pod> pods) {
    return pods.stream()
        .map(TrainingProgress::terminationMessage)
        .flatMap(Optional::stream)
        .map(TrainingProgress::tryParse)
        .flatMap(Optional::stream)
        .filter(r -> r.dataset() != null && r.outcome() == TrainerResult.Outcome.Succeeded)
        .findFirst()
        .map(
            r ->
                new DatasetStatus(
                    r.dataset().digest(),
                    r.dataset().rows(),
                    r.split() == null ? null : r.split().train(),
                    r.split() == null ? null : r.split().test(),
                    r.split() == null ? null : r.split().leakedTestRows(),
                    TrainingRunStatusFactory.sources(r.dataset())));
  }

  /** The seconds a trial's trainer ran (to {@code now} while it runs). */
  static long seconds(Trial trial, Instant now) {
    if (trial.startTime() == null) {
      return 0;
    }
    Instant end = trial.completionTime() == null ? now : Instant.parse(trial.completionTime());
    return Math.max(0, Duration.between(Instant.parse(trial.startTime()), end).toSeconds());
  }

  private static boolean failed(Pod pod) {
    return TrainingProgress.trainer(pod)
        .map(ContainerStatus::getState)
        .map(ContainerState::getTerminated)
        .map(t -> t.getExitCode() != null && t.getExitCode() != 0)
        .orElse(false);
  }

  private static Instant parse(String time) {
    return time == null ? null : Instant.parse(time);
  }
}
