package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** One trial of a hyperparameter search. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Trial(
    @JsonPropertyDescription("Trial index, from 0.") Integer index,
    @JsonPropertyDescription("The hyperparameters this trial tried.")
        Map<String, String> parameters,
    @JsonPropertyDescription("Pending, Running, Succeeded or Failed.") TrainingPhase phase,
    @JsonPropertyDescription("Metrics the trial's trainer reported.") Map<String, Double> metrics,
    @JsonPropertyDescription("The Job that ran the trial.") String job,
    @JsonPropertyDescription("Why the trial failed, when it did.") String message) {}
