package io.drover.operator.trainingrun;

import io.drover.contract.TrainerResult;
import io.drover.operator.api.common.Conditions;
import io.drover.operator.api.common.GoDuration;
import io.drover.operator.api.common.MetricValue;
import io.drover.operator.api.common.SourceRead;
import io.drover.operator.api.trainingrun.DatasetStatus;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.api.trainingrun.TrainingRunStatus;
import io.drover.operator.api.trainingrun.ValidationResult;
import io.drover.operator.kubernetes.StorageMounts;
import io.drover.operator.status.ConditionSet;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Turns an assessment into the run's next status, keeping what earlier reconciles learned. */
final class TrainingRunStatusFactory {

  private TrainingRunStatusFactory() {}

  static TrainingRunStatus next(TrainingRun run, TrainingAssessment assessment, Instant now) {
    TrainingRunStatus before =
        Optional.ofNullable(run.getStatus()).orElseGet(TrainingRunStatus::empty);
    long generation = Optional.ofNullable(run.getMetadata().getGeneration()).orElse(1L);
    TrainerResult result = assessment.result();
    boolean succeeded = assessment.phase() == TrainingPhase.Succeeded;

    Instant start = Optional.ofNullable(assessment.startTime()).orElse(parse(before.startTime()));
    Instant end = assessment.completionTime();
    Map<String, Double> metrics =
        result != null && !result.metrics().isEmpty()
            ? new TreeMap<>(result.metrics())
            : before.metrics();

    return new TrainingRunStatus(
        assessment.phase(),
        assessment.message(),
        start == null ? null : start.toString(),
        end == null ? null : end.toString(),
        start != null && end != null ? GoDuration.format(Duration.between(start, end)) : null,
        TrainingRunResources.jobName(run),
        metrics,
        objective(run, metrics),
        result != null && result.dataset() != null
            ? new DatasetStatus(
                result.dataset().digest(),
                result.dataset().rows(),
                result.split() == null ? null : result.split().train(),
                result.split() == null ? null : result.split().test(),
                result.split() == null ? null : result.split().leakedTestRows(),
                sources(result.dataset()))
            : before.dataset(),
        succeeded ? StorageMounts.locationOf(result.bundle().uri()) : before.bundleUri(),
        succeeded ? result.bundle().digest() : before.bundleDigest(),
        succeeded ? result.bundle().format() : before.bundleFormat(),
        result != null
            ? result.validation().stream()
                .map(
                    v ->
                        new ValidationResult(
                            v.check(),
                            v.feature(),
                            v.verdict() == null ? null : v.verdict().name(),
                            v.statistic(),
                            v.pValue()))
                .toList()
            : before.validation(),
        before.trials(),
        before.bestTrial(),
        before.search(),
        before.modelVersion(),
        Math.max(assessment.gpuSeconds(), Optional.ofNullable(before.gpuSeconds()).orElse(0L)),
        Math.max(assessment.cpuSeconds(), Optional.ofNullable(before.cpuSeconds()).orElse(0L)),
        conditions(before, assessment, generation, now, succeeded && before.modelVersion() == null),
        generation);
  }

  /** The succeeded run's status once its model is registered as ModelVersion {@code version}. */
  static TrainingRunStatus registered(TrainingRun run, String version, Instant now) {
    TrainingRunStatus before = run.getStatus();
    long generation = Optional.ofNullable(run.getMetadata().getGeneration()).orElse(1L);
    String message = before.message() + "; registered as ModelVersion " + version;
    List<Condition> conditions =
        new ConditionSet(before.conditions(), generation, now)
            .set(Conditions.READY, true, "Succeeded", message)
            .set(Conditions.RECONCILING, false, "Succeeded", message)
            .set(Conditions.STALLED, false, "Succeeded", message)
            .build();
    return before.withModelVersion(version).withConditions(conditions);
  }

  /**
   * kstatus: Reconciling while the run is on its way (a succeeded run until its model is in the
   * registry), Ready when it succeeded and its model is registered, Stalled when it failed (nothing
   * will change without a new run).
   */
  static List<Condition> conditions(
      TrainingRunStatus before,
      TrainingAssessment assessment,
      long generation,
      Instant now,
      boolean registering) {
    TrainingPhase phase = assessment.phase();
    String reason = registering ? "Registering" : assessment.reason();
    String message =
        registering
            ? assessment.message() + "; registering the model as a ModelVersion"
            : assessment.message();
    return new ConditionSet(before.conditions(), generation, now)
        .set(Conditions.READY, phase == TrainingPhase.Succeeded && !registering, reason, message)
        .set(Conditions.RECONCILING, !phase.isFinal() || registering, reason, message)
        .set(Conditions.STALLED, phase == TrainingPhase.Failed, reason, message)
        .build();
  }

  /** The search objective, else accuracy, else the first metric by name. */
  static MetricValue objective(TrainingRun run, Map<String, Double> metrics) {
    if (metrics == null || metrics.isEmpty()) {
      return null;
    }
    String name =
        Optional.ofNullable(run.getSpec().search())
            .map(search -> search.objective().metric())
            .filter(metrics::containsKey)
            .orElseGet(
                () ->
                    metrics.containsKey("accuracy")
                        ? "accuracy"
                        : new TreeMap<>(metrics).firstKey());
    return new MetricValue(name, metrics.get(name));
  }

  private static Instant parse(String time) {
    return time == null ? null : Instant.parse(time);
  }

  /** The sources as the run named them (claims, not mount paths); none for a single source. */
  static List<SourceRead> sources(TrainerResult.Dataset dataset) {
    if (dataset.sources().size() < 2) {
      return null;
    }
    return dataset.sources().stream()
        .map(s -> new SourceRead(StorageMounts.locationOf(s.uri()), s.digest(), s.rows()))
        .toList();
  }
}
