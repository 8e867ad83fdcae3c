package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.Goal;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A hyperparameter search: many trials, one best. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.parallelism) || !has(self.maxTrials) || self.parallelism <= self.maxTrials",
    message = "spec.search.parallelism cannot exceed spec.search.maxTrials",
    fieldPath = ".parallelism")
@ValidationRule(
    value = "self.algorithm != 'SuccessiveHalving' || (has(self.minBudget) && has(self.maxBudget))",
    message =
        "spec.search: algorithm SuccessiveHalving needs minBudget and maxBudget (epochs), e.g. 10"
            + " and 90",
    fieldPath = ".algorithm")
@ValidationRule(
    value =
        "self.algorithm == 'SuccessiveHalving' || (!has(self.minBudget) && !has(self.maxBudget)"
            + " && !has(self.reductionFactor))",
    message =
        "spec.search.minBudget, maxBudget and reductionFactor apply to algorithm"
            + " SuccessiveHalving only: remove them or set algorithm SuccessiveHalving",
    fieldPath = ".algorithm")
@ValidationRule(
    value = "!has(self.minBudget) || !has(self.maxBudget) || self.minBudget <= self.maxBudget",
    message = "spec.search.minBudget must not exceed spec.search.maxBudget",
    fieldPath = ".minBudget")
@ValidationRule(
    value =
        "self.algorithm != 'SuccessiveHalving' || !has(self.parameters) ||"
            + " self.parameters.all(p, !has(p.name) || p.name != 'epochs')",
    message =
        "spec.search.parameters must not search epochs with SuccessiveHalving: epochs are its"
            + " budget (minBudget to maxBudget)",
    fieldPath = ".parameters")
@ValidationRule(
    value = "!has(self.seed) || self.algorithm != 'Grid'",
    message = "spec.search.seed applies to Random and SuccessiveHalving; a Grid draws nothing",
    fieldPath = ".seed")
public record HyperparameterSearch(
    @JsonPropertyDescription(
            "Grid tries every combination of the parameters' values (up to maxTrials); Random"
                + " samples maxTrials combinations (seeded by seed); SuccessiveHalving takes maxTrials"
                + " configurations (the grid when every parameter is a value list, else random"
                + " draws), trains them all for minBudget epochs, and promotes"
                + " the best 1/reductionFactor to reductionFactor times the epochs, rung by rung,"
                + " up to maxBudget.")
        @Required
        Algorithm algorithm,
    @JsonPropertyDescription(
            "Most trials to run (for SuccessiveHalving: configurations in its first rung), at most"
                + " 1000. Default 10.")
        @Min(1)
        @Max(1000)
        Integer maxTrials,
    @JsonPropertyDescription("Trials running at the same time, at most 100. Default 1.")
        @Min(1)
        @Max(100)
        Integer parallelism,
    @JsonPropertyDescription("The metric that picks the best trial.") @Required
        SearchObjective objective,
    @JsonPropertyDescription("The hyperparameters searched and their ranges or values.")
        @Required
        @Size(min = 1, max = 32)
        @ValidationRule(
            value =
                "self.all(p, !has(p.name) || self.exists_one(q, has(q.name) && q.name == p.name))",
            message =
                "spec.search.parameters must name each hyperparameter once: merge the duplicates"
                    + " into one entry")
        List<SearchParameter> parameters,
    @JsonPropertyDescription(
            "Seed of the random draws (Random, SuccessiveHalving): the same seed draws the same"
                + " trials. Default 0.")
        @Min(0)
        Long seed,
    @JsonPropertyDescription(
            "Trials that may fail before the whole run fails; the best of the others is kept."
                + " Default 0: the first failed trial fails the run.")
        @Min(0)
        @Max(1000)
        Integer maxFailedTrials,
    @JsonPropertyDescription(
            "SuccessiveHalving: epochs each configuration trains in the first rung.")
        @Min(1)
        @Max(100000)
        Integer minBudget,
    @JsonPropertyDescription(
            "SuccessiveHalving: most epochs a configuration trains in the last rung.")
        @Min(1)
        @Max(100000)
        Integer maxBudget,
    @JsonPropertyDescription(
            "SuccessiveHalving: each rung keeps the best 1/reductionFactor of the trials and"
                + " trains them reductionFactor times longer. Default 3.")
        @Min(2)
        @Max(10)
        Integer reductionFactor) {

  /** The search of an earlier release: no seed, no failure allowance, no budget. */
  public HyperparameterSearch(
      Algorithm algorithm,
      Integer maxTrials,
      Integer parallelism,
      SearchObjective objective,
      List<SearchParameter> parameters) {
    this(algorithm, maxTrials, parallelism, objective, parameters, null, null, null, null, null);
  }

  public int maxTrialsOrDefault() {
    return maxTrials == null ? 10 : maxTrials;
  }

  public int parallelismOrDefault() {
    return parallelism == null ? 1 : parallelism;
  }

  public long seedOrDefault() {
    return seed == null ? 0 : seed;
  }

  public int maxFailedTrialsOrDefault() {
    return maxFailedTrials == null ? 0 : maxFailedTrials;
  }

  public int reductionFactorOrDefault() {
    return reductionFactor == null ? 3 : reductionFactor;
  }

  public Goal goal() {
    return objective.goal() == null ? Goal.Maximize : objective.goal();
  }

  /** How trials are chosen. */
  public enum Algorithm {
    Grid,
    Random,
    SuccessiveHalving
  }

  /** The metric that ranks trials. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SearchObjective(
      @JsonPropertyDescription("Metric reported by the trainer, e.g. accuracy.")
          @Required
          @Size(max = ApiGroup.IDENTIFIER_MAX_LENGTH)
          @ValidationRule(
              value = ApiGroup.IDENTIFIER_RULE,
              message =
                  "spec.search.objective.metric must be a metric name: letters, digits, '_', '.'"
                      + " or '-'")
          String metric,
      @JsonPropertyDescription("Maximize (default) or Minimize.") Goal goal) {}
}
