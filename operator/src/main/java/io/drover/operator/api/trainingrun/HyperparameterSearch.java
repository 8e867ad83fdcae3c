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
public record HyperparameterSearch(
    @JsonPropertyDescription(
            "Grid tries every combination of the parameters' values (up to maxTrials); Random"
                + " samples maxTrials combinations.")
        @Required
        Algorithm algorithm,
    @JsonPropertyDescription("Most trials to run, at most 1000. Default 10.") @Min(1) @Max(1000)
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
        List<SearchParameter> parameters) {

  /** How trials are chosen. */
  public enum Algorithm {
    Grid,
    Random
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
