package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Validation of new data against the data the current Production model was trained on, before any
 * GPU time is spent.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataValidation(
    @JsonPropertyDescription(
            "Refuse a data set identical (same digest) to the one the Production model was"
                + " trained on. Default false.")
        Boolean requireNewData,
    @JsonPropertyDescription(
            "Significance level of the per-feature Kolmogorov-Smirnov shift test against the"
                + " Production model's training baseline. Default 0.01.")
        @Min(value = 0, inclusive = false)
        @Max(value = 1, inclusive = false)
        Double shiftSignificance,
    @JsonPropertyDescription(
            "What a significant shift does: Warn (default) records it and trains; Fail stops the"
                + " run before training.")
        ShiftAction onShift) {

  /** Consequence of a feature whose distribution moved. */
  public enum ShiftAction {
    Warn,
    Fail
  }
}
