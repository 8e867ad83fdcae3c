package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a hyperparameter search stands, in the figures a person looks for first. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchProgress(
    @JsonPropertyDescription("Trials finished and trials planned so far, e.g. 7/9.") String trials,
    @JsonPropertyDescription("Trials finished (succeeded or failed).") Integer done,
    @JsonPropertyDescription("Trials planned so far (later rungs add theirs when they start).")
        Integer total,
    @JsonPropertyDescription("Trials that failed.") Integer failed,
    @JsonPropertyDescription("The rung now training (SuccessiveHalving), from 0.") Integer rung,
    @JsonPropertyDescription("Epochs summed over every trial planned so far.") Long budgetSpent,
    @JsonPropertyDescription("The best trial's objective value so far.") Double bestObjective) {}
