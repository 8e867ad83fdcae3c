package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/**
 * One trial of a hyperparameter search: one configuration trained once, at one budget. Recorded in
 * status before its pod runs, so the search resumes from status after an operator restart.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Trial(
    @JsonPropertyDescription("Trial index, from 0, unique within the run (DROVER_TRIAL).")
        Integer index,
    @JsonPropertyDescription(
            "The searched configuration, from 0; with SuccessiveHalving one configuration is"
                + " tried at a larger budget in each rung it is promoted to.")
        Integer configuration,
    @JsonPropertyDescription("Rung of a SuccessiveHalving search, from 0; 0 for Grid and Random.")
        Integer rung,
    @JsonPropertyDescription("Epochs the trial trains for, when the search sets them.")
        Integer budget,
    @JsonPropertyDescription("The hyperparameters this trial tried, over spec.hyperparameters.")
        Map<String, String> parameters,
    @JsonPropertyDescription("Pending, Running, Succeeded or Failed.") TrainingPhase phase,
    @JsonPropertyDescription("Metrics the trial's trainer reported.") Map<String, Double> metrics,
    @JsonPropertyDescription("The objective metric's value, when the trial reported it.")
        Double objective,
    @JsonPropertyDescription("The Indexed Job that ran the trial.") String job,
    @JsonPropertyDescription("The trial's completion index in its Job (JOB_COMPLETION_INDEX).")
        Integer completionIndex,
    @JsonPropertyDescription("When the trial's trainer started (RFC 3339).") String startTime,
    @JsonPropertyDescription("When the trial ended (RFC 3339).") String completionTime,
    @JsonPropertyDescription("Running time of the trial, e.g. 1m4s.") String duration,
    @JsonPropertyDescription("Where the trial wrote its bundle.") String bundleUri,
    @JsonPropertyDescription("Digest over the trial's bundle files.") String bundleDigest,
    @JsonPropertyDescription("Model format of the trial's bundle.") String bundleFormat,
    @JsonPropertyDescription("Why the trial failed, when it did.") String message) {

  public Map<String, String> parameters() {
    return parameters == null ? Map.of() : parameters;
  }

  public Map<String, Double> metrics() {
    return metrics == null ? Map.of() : metrics;
  }

  public int rungOrZero() {
    return rung == null ? 0 : rung;
  }

  @JsonIgnore
  public boolean isFinished() {
    return phase != null && phase.isFinal();
  }
}
