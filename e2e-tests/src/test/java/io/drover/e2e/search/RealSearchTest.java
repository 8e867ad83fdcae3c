package io.drover.e2e.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.contract.TrainerEnvironment;
import io.drover.contract.TrainerResult;
import io.drover.contract.TrainerResults;
import io.drover.contract.TrialAssignments;
import io.drover.e2e.support.Repo;
import io.drover.operator.api.trainingrun.HyperparameterSearch;
import io.drover.operator.api.trainingrun.HyperparameterSearch.Algorithm;
import io.drover.operator.api.trainingrun.HyperparameterSearch.SearchObjective;
import io.drover.operator.api.trainingrun.SearchParameter;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.Trial;
import io.drover.operator.trainingrun.search.SearchDecision;
import io.drover.operator.trainingrun.search.SearchPlanner;
import io.drover.trainer.TrainerApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real searches over the sample iris data: the operator's planner decides the rungs, each rung's
 * Indexed Job is played by running the reference trainer in-process once per completion index with
 * exactly the environment the Job's pod gets ({@code DROVER_TRIALS}, {@code JOB_COMPLETION_INDEX}),
 * and each trial's termination log is read back as the operator reads it.
 */
class RealSearchTest {

  static {
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
  }

  static final Path IRIS = Repo.ROOT.resolve("manifests/examples/data/iris.csv");
  static final Map<String, String> RUN = Map.of("epochs", "60", "earlyStoppingPatience", "0");
  static final List<SearchParameter> SPACE =
      List.of(
          new SearchParameter(
              "learningRate", List.of("0.1", "0.01", "0.001", "0.0001"), null, null, null, null),
          new SearchParameter("hiddenLayers", List.of("16", "64,32"), null, null, null, null));

  @TempDir Path work;

  @Test
  void gridFindsParametersAtLeastAsGoodAsTheDefaultsAndSuccessiveHalvingMatchesItForLessBudget()
      throws IOException {
    double defaults =
        train(Map.of(), List.of(new TrialAssignments.Assignment(0, Map.of())), 0, "defaults")
            .metrics()
            .get("accuracy");

    Searched grid =
        search(
            new HyperparameterSearch(
                Algorithm.Grid,
                20,
                4,
                new SearchObjective("accuracy", null),
                SPACE,
                null,
                0,
                null,
                null,
                null),
            "grid");
    Searched halving =
        search(
            new HyperparameterSearch(
                Algorithm.SuccessiveHalving,
                8,
                4,
                new SearchObjective("accuracy", null),
                SPACE,
                null,
                0,
                20,
                60,
                3),
            "halving");

    System.out.printf(
        "real search on iris: defaults accuracy %.4f; grid best %.4f (trial %d, %s) for %d"
            + " epochs over %d trials; successive halving best %.4f (trial %d, %s) for %d epochs"
            + " over %d trials%n",
        defaults,
        grid.best.objective(),
        grid.best.index(),
        grid.best.parameters(),
        grid.epochs,
        grid.trials.size(),
        halving.best.objective(),
        halving.best.index(),
        halving.best.parameters(),
        halving.epochs,
        halving.trials.size());
    assertThat(grid.trials).as("the grid, exactly").hasSize(8);
    assertThat(grid.trials)
        .extracting(
            t -> t.parameters().get("learningRate") + "/" + t.parameters().get("hiddenLayers"))
        .doesNotHaveDuplicates();
    assertThat(grid.best.objective())
        .as("at least as good as the defaults")
        .isGreaterThanOrEqualTo(defaults);
    assertThat(halving.best.objective())
        .as("the grid's best objective")
        .isEqualTo(grid.best.objective());
    assertThat(halving.epochs).as("for less budget than the grid").isLessThan(grid.epochs);
    assertThat(
            Files.exists(
                work.resolve("grid/trial-" + grid.best.index()).resolve("drover-model.json")))
        .as("each trial wrote its bundle under the run's output + /trial-<n>")
        .isTrue();
  }

  record Searched(List<Trial> trials, Trial best, long epochs) {}

  /** Runs a search to its end, rung by rung, as the operator and the Job controller would. */
  Searched search(HyperparameterSearch search, String run) throws IOException {
    SearchPlanner planner = new SearchPlanner(search, RUN, rung -> run + "-trials-" + rung);
    List<Trial> trials = List.of();
    while (true) {
      SearchDecision decision = planner.decide(trials);
      if (decision instanceof SearchDecision.Finish finish) {
        return new Searched(
            finish.trials(), finish.best(), planner.progress(finish.trials()).budgetSpent());
      }
      assertThat(decision).as("the search goes on").isInstanceOf(SearchDecision.StartRung.class);
      SearchDecision.StartRung rung = (SearchDecision.StartRung) decision;
      List<TrialAssignments.Assignment> assignments =
          rung.started().stream()
              .map(t -> new TrialAssignments.Assignment(t.index(), t.parameters()))
              .toList();
      List<Trial> next = new ArrayList<>(rung.trials());
      for (Trial trial : rung.started()) {
        TrainerResult result = train(RUN, assignments, trial.completionIndex(), run);
        next.set(trial.index(), finished(trial, result));
      }
      trials = next;
    }
  }

  /** One pod of a rung's Indexed Job: the trainer picks its trial by its completion index. */
  TrainerResult train(
      Map<String, String> hyperparameters,
      List<TrialAssignments.Assignment> trials,
      int completionIndex,
      String run)
      throws IOException {
    Path log = work.resolve("termination-" + run + "-" + System.nanoTime());
    Map<String, String> env = new HashMap<>();
    env.put(TrainerEnvironment.RUN, run);
    env.put(TrainerEnvironment.MODEL, "iris-classifier");
    env.put(TrainerEnvironment.DATASET_URI, IRIS.toString());
    env.put(TrainerEnvironment.OUTPUT_URI, work.resolve(run).toString());
    env.put(
        TrainerEnvironment.HYPERPARAMETERS,
        new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsString(new TreeMap<>(hyperparameters)));
    env.put(TrainerEnvironment.TRIALS, TrialAssignments.encode(trials));
    env.put(TrainerEnvironment.JOB_COMPLETION_INDEX, Integer.toString(completionIndex));
    env.put(TrainerEnvironment.TERMINATION_LOG, log.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit;
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      exit = TrainerApplication.run(env, print);
    }
    assertThat(exit).as("trainer log: %s", out.toString(StandardCharsets.UTF_8)).isZero();
    return TrainerResults.parse(Files.readString(log));
  }

  static Trial finished(Trial t, TrainerResult result) {
    Double accuracy = result.metrics().get("accuracy");
    return new Trial(
        t.index(),
        t.configuration(),
        t.rung(),
        t.budget(),
        t.parameters(),
        TrainingPhase.Succeeded,
        result.metrics(),
        accuracy,
        t.job(),
        t.completionIndex(),
        null,
        null,
        null,
        result.bundle().uri(),
        result.bundle().digest(),
        result.bundle().format(),
        null);
  }
}
