package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One data-validation check and its verdict. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationResult(
    @JsonPropertyDescription("What was checked: schema, new-data, ks-shift or split-leakage.")
        String check,
    @JsonPropertyDescription("The feature concerned, when one is.") String feature,
    @JsonPropertyDescription("Pass, Warn or Fail.") String verdict,
    @JsonPropertyDescription("Test statistic, when the check has one.") Double statistic,
    @JsonPropertyDescription("p-value, when the check has one.") Double pValue) {}
