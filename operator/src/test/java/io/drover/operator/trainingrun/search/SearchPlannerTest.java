package io.drover.operator.trainingrun.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.common.Goal;
import io.drover.operator.api.trainingrun.HyperparameterSearch;
import io.drover.operator.api.trainingrun.HyperparameterSearch.Algorithm;
import io.drover.operator.api.trainingrun.HyperparameterSearch.SearchObjective;
import io.drover.operator.api.trainingrun.SearchParameter;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchPlannerTest {

  static final List<SearchParameter> RATE =
      List.of(
          new SearchParameter("learningRate", null, 0.0001, 0.1, null, SearchParameter.Scale.Log));

  @Test
  void successiveHalvingPlansRungsByBudgetAndEndsAtMaxBudget() {
    SearchPlanner planner = planner(sh(9, 3, 10, 90, 0), Goal.Maximize);

    var rung0 = (SearchDecision.StartRung) planner.decide(List.of());
    assertThat(rung0.started()).hasSize(9).allMatch(t -> t.budget() == 10 && t.rung() == 0);
    assertThat(rung0.started()).allMatch(t -> t.parameters().get("epochs").equals("10"));
    assertThat(rung0.job()).isEqualTo("run-trials-0");

    List<Trial> trials =
        finish(rung0.trials(), 0.50, 0.91, 0.60, 0.93, 0.55, 0.92, 0.40, 0.70, 0.80);
    var rung1 = (SearchDecision.StartRung) planner.decide(trials);
    assertThat(rung1.started())
        .as("the best third, best first, three times the epochs")
        .extracting(Trial::configuration)
        .containsExactly(3, 5, 1);
    assertThat(rung1.started()).allMatch(t -> t.budget() == 30 && t.rung() == 1);
    assertThat(rung1.started()).extracting(Trial::index).containsExactly(9, 10, 11);
    assertThat(rung1.started()).extracting(Trial::completionIndex).containsExactly(0, 1, 2);

    assertThat(planner.decide(rung1.trials())).isInstanceOf(SearchDecision.Continue.class);

    var rung2 = (SearchDecision.StartRung) planner.decide(finish(rung1.trials(), 0.94, 0.96, 0.95));
    assertThat(rung2.started())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.configuration()).isEqualTo(5);
              assertThat(t.budget()).isEqualTo(90);
            });
    var done = (SearchDecision.Finish) planner.decide(finish(rung2.trials(), 0.97));
    assertThat(done.best().index()).isEqualTo(12);
    assertThat(planner.progress(done.trials()).budgetSpent()).isEqualTo(9 * 10 + 3 * 30 + 90);
  }

  @Test
  void minimizingPicksTheLowestAndTiesGoToTheEarlierTrial() {
    SearchPlanner planner = planner(grid(0), Goal.Minimize);
    var start = (SearchDecision.StartRung) planner.decide(List.of());
    var done = (SearchDecision.Finish) planner.decide(finish(start.trials(), 0.3, 0.2, 0.2));
    assertThat(done.best().index()).isEqualTo(1);
  }

  @Test
  void failuresUpToTheAllowanceAreToleratedAndOneMoreFailsTheSearch() {
    SearchPlanner planner = planner(grid(1), Goal.Maximize);
    List<Trial> trials = ((SearchDecision.StartRung) planner.decide(List.of())).trials();

    List<Trial> oneFailed = finish(trials, Double.NaN, 0.9, 0.8);
    assertThat(planner.decide(oneFailed))
        .isInstanceOfSatisfying(
            SearchDecision.Finish.class, f -> assertThat(f.best().index()).isEqualTo(1));

    List<Trial> twoFailed = finish(trials, Double.NaN, Double.NaN, 0.8);
    assertThat(planner.decide(twoFailed))
        .isInstanceOfSatisfying(
            SearchDecision.Fail.class,
            f -> {
              assertThat(f.reason()).isEqualTo("TooManyTrialsFailed");
              assertThat(f.message()).contains("2 trials failed, more than maxFailedTrials (1)");
            });
  }

  @Test
  void failingBeyondTheAllowanceFailsAtOnceWhileOtherTrialsStillRun() {
    SearchPlanner planner = planner(grid(0), Goal.Maximize);
    List<Trial> trials =
        new ArrayList<>(((SearchDecision.StartRung) planner.decide(List.of())).trials());
    trials.set(0, finished(trials.get(0), Double.NaN));
    assertThat(planner.decide(trials)).isInstanceOf(SearchDecision.Fail.class);
  }

  static SearchPlanner planner(HyperparameterSearch search, Goal goal) {
    HyperparameterSearch withGoal =
        new HyperparameterSearch(
            search.algorithm(),
            search.maxTrials(),
            search.parallelism(),
            new SearchObjective("accuracy", goal),
            search.parameters(),
            search.seed(),
            search.maxFailedTrials(),
            search.minBudget(),
            search.maxBudget(),
            search.reductionFactor());
    return new SearchPlanner(withGoal, Map.of("epochs", "50"), rung -> "run-trials-" + rung);
  }

  static HyperparameterSearch sh(int trials, int eta, int min, int max, int failures) {
    return new HyperparameterSearch(
        Algorithm.SuccessiveHalving, trials, 3, null, RATE, 5L, failures, min, max, eta);
  }

  static HyperparameterSearch grid(int failures) {
    return new HyperparameterSearch(
        Algorithm.Grid,
        10,
        3,
        null,
        List.of(
            new SearchParameter("hiddenLayers", List.of("8", "16", "32"), null, null, null, null)),
        null,
        failures,
        null,
        null,
        null);
  }

  /** The trials of the last rung finish with these objectives; NaN: the trial failed. */
  static List<Trial> finish(List<Trial> trials, double... objectives) {
    int rung = trials.stream().mapToInt(Trial::rungOrZero).max().orElse(0);
    List<Trial> result = new ArrayList<>();
    int i = 0;
    for (Trial t : trials) {
      result.add(t.rungOrZero() == rung ? finished(t, objectives[i++]) : t);
    }
    return result;
  }

  static Trial finished(Trial t, double objective) {
    boolean failed = Double.isNaN(objective);
    return new Trial(
        t.index(),
        t.configuration(),
        t.rung(),
        t.budget(),
        t.parameters(),
        failed ? TrainingPhase.Failed : TrainingPhase.Succeeded,
        failed ? null : Map.of("accuracy", objective),
        failed ? null : objective,
        t.job(),
        t.completionIndex(),
        "2026-12-01T10:00:00Z",
        null,
        null,
        null,
        null,
        null,
        failed ? "diverged" : null);
  }

  /** A trial the failed Job stopped before its trainer started. */
  static Trial stoppedBeforeItStarted(Trial t) {
    return new Trial(
        t.index(),
        t.configuration(),
        t.rung(),
        t.budget(),
        t.parameters(),
        TrainingPhase.Failed,
        null,
        null,
        t.job(),
        t.completionIndex(),
        null,
        null,
        null,
        null,
        null,
        null,
        "stopped before it reported a result: the Job failed");
  }

  @Test
  void trialsTheFailedJobStoppedBeforeTheyStartedAreNotCountedAsFailures() {
    SearchPlanner planner = planner(grid(1), Goal.Maximize);
    List<Trial> trials =
        new ArrayList<>(((SearchDecision.StartRung) planner.decide(List.of())).trials());
    trials.set(0, finished(trials.get(0), Double.NaN));
    trials.set(1, finished(trials.get(1), Double.NaN));
    trials.set(2, stoppedBeforeItStarted(trials.get(2)));
    assertThat(planner.decide(trials))
        .isInstanceOfSatisfying(
            SearchDecision.Fail.class,
            f ->
                assertThat(f.message()).contains("2 trials failed, more than maxFailedTrials (1)"));
  }
}
