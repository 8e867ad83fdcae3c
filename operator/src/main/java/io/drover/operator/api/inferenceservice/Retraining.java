package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.trainingrun.TrainingRunSpec;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Retraining when the served model decays. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Retraining(
    @JsonPropertyDescription(
            "Spec of the TrainingRun created when a trigger fires; usually points at fresher"
                + " data.")
        @Required
        TrainingRunSpec template,
    @JsonPropertyDescription("What starts a retraining.") @Required Triggers triggers) {

  /** Conditions that start a retraining; any one suffices. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Triggers(
      @JsonPropertyDescription("Retrain when any feature drifts past the drift threshold.")
          Boolean onDrift,
      @JsonPropertyDescription("Retrain when live accuracy falls below this fraction (0-1).")
          @Min(0)
          @Max(1)
          Double accuracyBelow,
      @JsonPropertyDescription("Retrain on a cron schedule, e.g. \"0 3 * * 0\".")
          @Size(max = 256)
          @ValidationRule(value = CronSchedule.RULE, message = CronSchedule.MESSAGE)
          String schedule,
      @JsonPropertyDescription("Least time between two retrainings. Default 24h.")
          @Size(max = ApiGroup.DURATION_MAX_LENGTH)
          @ValidationRule(
              value = ApiGroup.DURATION_RULE,
              message = "spec.retraining.triggers.cooldown " + ApiGroup.DURATION_HINT)
          String cooldown) {}
}
