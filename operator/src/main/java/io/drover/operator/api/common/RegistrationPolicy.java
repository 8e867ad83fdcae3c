package io.drover.operator.api.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** The gate a model version must pass before it may be promoted. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RegistrationPolicy(
    @JsonPropertyDescription(
            "Least acceptable value per metric, e.g. {accuracy: 0.9}. A version below any is"
                + " Rejected.")
        Map<String, Double> minimums,
    @JsonPropertyDescription(
            "Greatest acceptable value per metric, e.g. {logLoss: 0.3}. A version above any is"
                + " Rejected.")
        Map<String, Double> maximums,
    @JsonPropertyDescription(
            "Require the version to beat the current Production version on the same test data.")
        ProductionMargin mustBeatProduction,
    @JsonPropertyDescription(
            "Stop automatic promotion at Staging until an approver sets spec.stage: Production on"
                + " the ModelVersion.")
        Boolean requireApproval) {}
