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
            "What a significant shift does: Fail (default) stops the run before training; Warn"
                + " records it and trains.")
        ShiftAction onShift,
    @JsonPropertyDescription(
            "Share of the test rows that may duplicate training rows (same features and label)"
                + " before onLeakage applies; any duplicate is reported (check split-leakage in"
                + " status.validation). Default 0.5.")
        @Min(0)
        @Max(1)
        Double maxLeakedTestFraction,
    @JsonPropertyDescription(
            "What more leaked test rows than maxLeakedTestFraction do: Fail (default) stops the run"
                + " before training, since its test metrics would say little about unseen data;"
                + " Warn records it and trains (data with few distinct rows repeats them"
                + " legitimately).")
        ShiftAction onLeakage) {

  /** Consequence of a failed check: stop the run, or record it and train. */
  public enum ShiftAction {
    Warn,
    Fail
  }
}
