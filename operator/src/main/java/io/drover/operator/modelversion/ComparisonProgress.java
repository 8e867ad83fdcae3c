package io.drover.operator.modelversion;

import io.drover.contract.InvalidTrainerResultException;
import io.drover.contract.TrainerResult;
import io.drover.contract.TrainerResults;
import io.drover.operator.api.common.Goal;
import io.drover.operator.api.common.ProductionMargin;
import io.drover.operator.api.modelversion.Comparison;
import io.drover.operator.api.modelversion.Comparison.MetricDelta;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.kubernetes.FinishedJobs;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Reads a comparison Job's outcome into the candidate's status; pure. */
final class ComparisonProgress {

  private ComparisonProgress() {}

  /** The metric that decides a comparison when the policy names none. */
  static final ProductionMargin DEFAULT_DECIDER =
      new ProductionMargin("accuracy", 0.0, Goal.Maximize);

  static Comparison observe(
      ModelVersion candidate, ModelVersion production, Job job, List<Pod> pods, Instant now) {
    String productionName = production.getMetadata().getName();
    String data = ComparisonJobBuilder.testDataUri(candidate);
    String jobName = job.getMetadata().getName();
    if (FinishedJobs.condition(job, FinishedJobs.FAILED).isPresent()) {
      String why =
          pods.stream()
              .flatMap(p -> terminated(p).stream())
              .map(ContainerStateTerminated::getMessage)
              .filter(m -> m != null && !m.isBlank())
              .map(ComparisonProgress::readableMessage)
              .findFirst()
              .orElse(FinishedJobs.condition(job, FinishedJobs.FAILED).get().getMessage());
      return new Comparison(
          productionName,
          data,
          jobName,
          ComparisonVerdicts.FAILED,
          List.of(),
          now.toString(),
          "evaluation failed: " + why);
    }
    if (FinishedJobs.condition(job, FinishedJobs.COMPLETE).isEmpty()) {
      boolean running =
          pods.stream()
              .anyMatch(
                  p -> "Running".equals(p.getStatus() == null ? null : p.getStatus().getPhase()));
      return new Comparison(
          productionName,
          data,
          jobName,
          running ? ComparisonVerdicts.RUNNING : ComparisonVerdicts.PENDING,
          List.of(),
          null,
          null);
    }
    Optional<Map<String, Double>> mine = metrics(pods, ComparisonJobBuilder.CANDIDATE);
    Optional<Map<String, Double>> theirs = metrics(pods, ComparisonJobBuilder.PRODUCTION);
    if (mine.isEmpty() || theirs.isEmpty()) {
      return new Comparison(
          productionName,
          data,
          jobName,
          ComparisonVerdicts.FAILED,
          List.of(),
          now.toString(),
          "the evaluation finished without a readable result from both models");
    }
    List<MetricDelta> deltas =
        new TreeSet<>(mine.get().keySet())
            .stream()
                .filter(theirs.get()::containsKey)
                .map(
                    m ->
                        new MetricDelta(
                            m,
                            mine.get().get(m),
                            theirs.get().get(m),
                            mine.get().get(m) - theirs.get().get(m)))
                .toList();
    ProductionMargin decider = decider(candidate);
    Optional<MetricDelta> deciding =
        deltas.stream().filter(d -> d.metric().equals(decider.metric())).findFirst();
    if (deciding.isEmpty()) {
      return new Comparison(
          productionName,
          data,
          jobName,
          ComparisonVerdicts.FAILED,
          deltas,
          now.toString(),
          "neither evaluation reported " + decider.metric());
    }
    double improvement =
        decider.goal() == Goal.Minimize ? -deciding.get().delta() : deciding.get().delta();
    double margin = decider.margin() == null ? 0 : decider.margin();
    boolean won = improvement >= margin;
    return new Comparison(
        productionName,
        data,
        jobName,
        won ? ComparisonVerdicts.WON : ComparisonVerdicts.LOST,
        deltas,
        now.toString(),
        "%s %.4f vs %.4f on the same %s rows"
            .formatted(
                decider.metric(), deciding.get().candidate(), deciding.get().production(), data));
  }

  /** The policy's must-beat-Production metric, else accuracy, higher is better. */
  static ProductionMargin decider(ModelVersion candidate) {
    var policy = candidate.getSpec().policy();
    return policy != null && policy.mustBeatProduction() != null
        ? policy.mustBeatProduction()
        : DEFAULT_DECIDER;
  }

  private static Optional<Map<String, Double>> metrics(List<Pod> pods, String container) {
    return pods.stream()
        .flatMap(p -> statuses(p).stream())
        .filter(s -> container.equals(s.getName()))
        .map(s -> s.getState() == null ? null : s.getState().getTerminated())
        .filter(t -> t != null && t.getMessage() != null)
        .map(t -> parse(t.getMessage()))
        .flatMap(Optional::stream)
        .filter(r -> r.outcome() == TrainerResult.Outcome.Succeeded && !r.metrics().isEmpty())
        .map(TrainerResult::metrics)
        .findFirst();
  }

  private static Optional<TrainerResult> parse(String message) {
    try {
      return Optional.of(TrainerResults.parse(message));
    } catch (InvalidTrainerResultException e) {
      return Optional.empty();
    }
  }

  private static String readableMessage(String terminationMessage) {
    return parse(terminationMessage).map(TrainerResult::message).orElse(terminationMessage.strip());
  }

  private static List<ContainerStatus> statuses(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of()
        : pod.getStatus().getContainerStatuses();
  }

  private static List<ContainerStateTerminated> terminated(Pod pod) {
    return statuses(pod).stream()
        .map(s -> s.getState() == null ? null : s.getState().getTerminated())
        .filter(t -> t != null)
        .toList();
  }
}
