package io.drover.operator.trainingrun.search;

import io.drover.operator.api.common.Goal;
import io.drover.operator.api.trainingrun.HyperparameterSearch;
import io.drover.operator.api.trainingrun.HyperparameterSearch.Algorithm;
import io.drover.operator.api.trainingrun.SearchProgress;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.Trial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Decides a search's next step from the trials recorded in status (with what was last observed of
 * them): the first rung, the next rung and whom it promotes, the best trial, or failure once more
 * trials failed than allowed. Pure: the same trials always give the same decision, so a restarted
 * operator resumes from status exactly where it stopped.
 *
 * <p>Grid and Random run one rung. SuccessiveHalving (budget = epochs) trains maxTrials
 * configurations for minBudget epochs; from each finished rung the best {@code
 * floor(succeeded/reductionFactor)} (at least one) are trained again for reductionFactor times the
 * epochs, capped at maxBudget; the rung trained at maxBudget, or one that leaves a single
 * configuration, is the last, and its best trial is the search's result.
 */
public final class SearchPlanner {

  /** The hyperparameter a SuccessiveHalving budget sets. */
  public static final String BUDGET_PARAMETER = "epochs";

  private final HyperparameterSearch search;
  private final Map<String, String> runHyperparameters;
  private final IntFunction<String> jobOfRung;

  /**
   * @param runHyperparameters spec.hyperparameters, which trials override
   * @param jobOfRung the Indexed Job name of each rung
   */
  public SearchPlanner(
      HyperparameterSearch search,
      Map<String, String> runHyperparameters,
      IntFunction<String> jobOfRung) {
    this.search = search;
    this.runHyperparameters = runHyperparameters;
    this.jobOfRung = jobOfRung;
  }

  public SearchDecision decide(List<Trial> trials) {
    if (trials.isEmpty()) {
      return firstRung();
    }
    // Trials a failed Job stopped before they started did not fail: only those that ran count.
    long failed =
        trials.stream()
            .filter(t -> t.phase() == TrainingPhase.Failed && t.startTime() != null)
            .count();
    int allowed = search.maxFailedTrialsOrDefault();
    if (failed > allowed) {
      return new SearchDecision.Fail(
          trials,
          "TooManyTrialsFailed",
          "%d trials failed, more than maxFailedTrials (%d): %s"
              .formatted(failed, allowed, firstFailure(trials)));
    }
    int rung = trials.stream().mapToInt(Trial::rungOrZero).max().orElse(0);
    List<Trial> current = trials.stream().filter(t -> t.rungOrZero() == rung).toList();
    long done = current.stream().filter(Trial::isFinished).count();
    if (done < current.size()) {
      return new SearchDecision.Continue(
          trials,
          "rung %d: %d of %d trials done%s"
              .formatted(
                  rung,
                  done,
                  current.size(),
                  best(current).map(b -> "; best so far " + describe(b)).orElse("")));
    }
    List<Trial> ranked = ranked(current);
    if (ranked.isEmpty()) {
      return new SearchDecision.Fail(
          trials,
          "NoTrialSucceeded",
          "no trial of rung %d succeeded: %s".formatted(rung, firstFailure(current)));
    }
    Trial best = ranked.get(0);
    if (search.algorithm() != Algorithm.SuccessiveHalving) {
      return finish(trials, best);
    }
    int budget = Optional.ofNullable(best.budget()).orElse(search.minBudget());
    int keep = Math.max(1, ranked.size() / search.reductionFactorOrDefault());
    if (budget >= search.maxBudget() || ranked.size() == 1) {
      return finish(trials, best);
    }
    int nextBudget = Math.min(search.maxBudget(), budget * search.reductionFactorOrDefault());
    List<Trial> promoted = ranked.subList(0, keep);
    List<Map<String, String>> configurations =
        promoted.stream().map(t -> searched(t.parameters())).toList();
    List<Trial> started =
        plan(
            rung + 1,
            nextBudget,
            trials.size(),
            configurations,
            promoted.stream().map(Trial::configuration).toList());
    List<Trial> all = new ArrayList<>(trials);
    all.addAll(started);
    return new SearchDecision.StartRung(
        all,
        rung + 1,
        jobOfRung.apply(rung + 1),
        started,
        "rung %d done (best %s); promoted configurations %s to rung %d at %d epochs"
            .formatted(
                rung,
                describe(best),
                promoted.stream()
                    .map(t -> String.valueOf(t.configuration()))
                    .collect(Collectors.joining(", ")),
                rung + 1,
                nextBudget));
  }

  private SearchDecision firstRung() {
    List<Map<String, String>> configurations = SearchSpace.configurations(search);
    Integer budget = search.algorithm() == Algorithm.SuccessiveHalving ? search.minBudget() : null;
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < configurations.size(); i++) {
      numbers.add(i);
    }
    List<Trial> started = plan(0, budget, 0, configurations, numbers);
    return new SearchDecision.StartRung(
        started,
        0,
        jobOfRung.apply(0),
        started,
        "%s search: %d trials%s, %d at a time"
            .formatted(
                search.algorithm(),
                started.size(),
                budget == null ? "" : " at " + budget + " epochs (rung 0)",
                Math.min(search.parallelismOrDefault(), started.size())));
  }

  private List<Trial> plan(
      int rung,
      Integer budget,
      int firstIndex,
      List<Map<String, String>> configurations,
      List<Integer> configurationNumbers) {
    String job = jobOfRung.apply(rung);
    List<Trial> planned = new ArrayList<>();
    for (int i = 0; i < configurations.size(); i++) {
      Map<String, String> parameters = new LinkedHashMap<>(configurations.get(i));
      if (budget != null) {
        parameters.put(BUDGET_PARAMETER, Integer.toString(budget));
      }
      planned.add(
          new Trial(
              firstIndex + i,
              configurationNumbers.get(i),
              rung,
              budget != null ? budget : epochs(parameters),
              parameters,
              TrainingPhase.Pending,
              null,
              null,
              job,
              i,
              null,
              null,
              null,
              null,
              null,
              null,
              null));
    }
    return planned;
  }

  /** The epochs a Grid or Random trial trains, when the run or the trial names them. */
  private Integer epochs(Map<String, String> trialParameters) {
    String epochs =
        trialParameters.getOrDefault(BUDGET_PARAMETER, runHyperparameters.get(BUDGET_PARAMETER));
    try {
      return epochs == null ? null : Integer.valueOf(epochs.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A promoted trial's searched values, without the budget of its rung. */
  private static Map<String, String> searched(Map<String, String> parameters) {
    Map<String, String> values = new LinkedHashMap<>(parameters);
    values.remove(BUDGET_PARAMETER);
    return values;
  }

  private SearchDecision finish(List<Trial> trials, Trial best) {
    return new SearchDecision.Finish(
        trials,
        best,
        "search done: best of %d trials is trial %d (%s) with %s"
            .formatted(trials.size(), best.index(), parametersText(best), describe(best)));
  }

  /** The figures status shows of the search. */
  public SearchProgress progress(List<Trial> trials) {
    int done = (int) trials.stream().filter(Trial::isFinished).count();
    int failed = (int) trials.stream().filter(t -> t.phase() == TrainingPhase.Failed).count();
    int rung = trials.stream().mapToInt(Trial::rungOrZero).max().orElse(0);
    long budget =
        trials.stream()
            .map(Trial::budget)
            .filter(b -> b != null)
            .mapToLong(Integer::longValue)
            .sum();
    return new SearchProgress(
        done + "/" + trials.size(),
        done,
        trials.size(),
        failed,
        rung,
        budget,
        best(trials).map(Trial::objective).orElse(null));
  }

  /** Succeeded trials best first; ties go to the lower index. */
  List<Trial> ranked(List<Trial> trials) {
    Comparator<Trial> byObjective = Comparator.comparingDouble(Trial::objective);
    if (search.goal() == Goal.Maximize) {
      byObjective = byObjective.reversed();
    }
    return trials.stream()
        .filter(t -> t.phase() == TrainingPhase.Succeeded && t.objective() != null)
        .sorted(byObjective.thenComparing(Trial::index))
        .toList();
  }

  /** The best succeeded trial among these, if any succeeded. */
  public Optional<Trial> best(List<Trial> trials) {
    List<Trial> ranked = ranked(trials);
    return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.get(0));
  }

  private String describe(Trial trial) {
    return "%s %s (trial %d)"
        .formatted(search.objective().metric(), trial.objective(), trial.index());
  }

  private static String parametersText(Trial trial) {
    return trial.parameters().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String firstFailure(List<Trial> trials) {
    return trials.stream()
        .filter(t -> t.phase() == TrainingPhase.Failed)
        .findFirst()
        .map(t -> "trial %d: %s".formatted(t.index(), t.message() == null ? "failed" : t.message()))
        .orElse("no trial reported a result");
  }
}
