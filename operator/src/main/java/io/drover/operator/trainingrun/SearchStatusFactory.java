package io.drover.operator.trainingrun;

import io.drover.operator.api.common.GoDuration;
import io.drover.operator.api.trainingrun.DatasetStatus;
import io.drover.operator.api.trainingrun.SearchProgress;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.api.trainingrun.TrainingRunStatus;
import io.drover.operator.api.trainingrun.Trial;
import io.drover.operator.trainingrun.search.SearchDecision;
import io.drover.operator.trainingrun.search.SearchPlanner;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The status of a searching run: every trial, the progress figures and, once done, the best. */
final class SearchStatusFactory {

  private SearchStatusFactory() {}

  static TrainingRunStatus next(
      TrainingRun run,
      SearchPlanner planner,
      SearchDecision decision,
      DatasetStatus dataset,
      Instant now) {
    TrainingRunStatus before =
        Optional.ofNullable(run.getStatus()).orElseGet(TrainingRunStatus::empty);
    long generation = Optional.ofNullable(run.getMetadata().getGeneration()).orElse(1L);
    List<Trial> trials = decision.trials();
    Optional<Trial> best =
        decision instanceof SearchDecision.Finish finish
            ? Optional.of(finish.best())
            : Optional.empty();
    TrainingPhase phase = phase(decision, trials);
    String reason;
    if (decision instanceof SearchDecision.Fail fail) {
      reason = fail.reason();
    } else if (decision instanceof SearchDecision.Finish) {
      reason = "Succeeded";
    } else {
      reason = phase == TrainingPhase.Running ? "TrialsRunning" : "Pending";
    }
    String message = message(decision);
    Instant start =
        trials.stream()
            .map(Trial::startTime)
            .filter(t -> t != null)
            .map(Instant::parse)
            .min(Instant::compareTo)
            .orElse(null);
    Instant end = phase.isFinal() ? now : null;
    long seconds = trials.stream().mapToLong(t -> TrialObserver.seconds(t, now)).sum();
    SearchProgress progress = planner.progress(trials);
    if (best.isPresent()) {
      progress =
          new SearchProgress(
              progress.trials(),
              progress.done(),
              progress.total(),
              progress.failed(),
              progress.rung(),
              progress.budgetSpent(),
              best.get().objective());
    }
    TrainingAssessment assessment =
        new TrainingAssessment(phase, reason, message, start, end, 0, null, false);
    var metrics = best.map(Trial::metrics).orElse(before.metrics());
    return new TrainingRunStatus(
        phase,
        message,
        start == null ? null : start.toString(),
        end == null ? null : end.toString(),
        start != null && end != null ? GoDuration.format(Duration.between(start, end)) : null,
        trials.stream().map(Trial::job).reduce((a, b) -> b).orElse(null),
        metrics.isEmpty() ? null : metrics,
        TrainingRunStatusFactory.objective(run, metrics),
        dataset != null ? dataset : before.dataset(),
        best.map(Trial::bundleUri).orElse(null),
        best.map(Trial::bundleDigest).orElse(null),
        best.map(Trial::bundleFormat).orElse(null),
        before.validation(),
        trials,
        best.map(Trial::index).orElse(null),
        progress,
        before.modelVersion(),
        run.getSpec().resourcesOrDefault().gpuCount() * seconds,
        cpuSeconds(run, seconds),
        TrainingRunStatusFactory.conditions(
            before,
            assessment,
            generation,
            now,
            phase == TrainingPhase.Succeeded && before.modelVersion() == null),
        generation);
  }

  private static TrainingPhase phase(SearchDecision decision, List<Trial> trials) {
    if (decision instanceof SearchDecision.Fail) {
      return TrainingPhase.Failed;
    }
    if (decision instanceof SearchDecision.Finish) {
      return TrainingPhase.Succeeded;
    }
    return trials.stream().anyMatch(t -> t.startTime() != null)
        ? TrainingPhase.Running
        : TrainingPhase.Pending;
  }

  private static String message(SearchDecision decision) {
    if (decision instanceof SearchDecision.Fail fail) {
      return fail.message();
    }
    if (decision instanceof SearchDecision.Finish finish) {
      return finish.message();
    }
    if (decision instanceof SearchDecision.StartRung start) {
      return start.message();
    }
    return ((SearchDecision.Continue) decision).message();
  }

  /** CPU cores requested times the seconds every trial's trainer ran. */
  private static long cpuSeconds(TrainingRun run, long seconds) {
    var cpu = run.getSpec().resourcesOrDefault().cpu();
    if (cpu == null) {
      return 0;
    }
    return cpu.getNumericalAmount()
        .multiply(BigDecimal.valueOf(seconds))
        .setScale(0, RoundingMode.HALF_UP)
        .longValueExact();
  }
}
