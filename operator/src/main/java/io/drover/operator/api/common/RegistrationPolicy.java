package io.drover.operator.api.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** The gate a model version must pass before it may be promoted. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RegistrationPolicy(
    @JsonPropertyDescription(
            "Least acceptable value per metric, e.g. {accuracy: 0.9}. A version below any is"
                + " Rejected.")
        @Size(max = ApiGroup.MAX_METRICS)
        @ValidationRule(
            value = ApiGroup.IDENTIFIER_KEYS_RULE,
            message = "policy.minimums keys " + ApiGroup.IDENTIFIER_KEYS_HINT)
        @ValidationRule(
            value = ApiGroup.FRACTION_METRICS_RULE,
            message =
                "policy.minimums: accuracy, precision, recall, f1 and auc are fractions: give them"
                    + " between 0 and 1 (0.9, not 90)")
        Map<String, Double> minimums,
    @JsonPropertyDescription(
            "Greatest acceptable value per metric, e.g. {logLoss: 0.3}. A version above any is"
                + " Rejected.")
        @Size(max = ApiGroup.MAX_METRICS)
        @ValidationRule(
            value = ApiGroup.IDENTIFIER_KEYS_RULE,
            message = "policy.maximums keys " + ApiGroup.IDENTIFIER_KEYS_HINT)
        @ValidationRule(
            value = ApiGroup.FRACTION_METRICS_RULE,
            message =
                "policy.maximums: accuracy, precision, recall, f1 and auc are fractions: give them"
                    + " between 0 and 1 (0.9, not 90)")
        Map<String, Double> maximums,
    @JsonPropertyDescription(
            "Require the version to beat the current Production version on the same test data.")
        ProductionMargin mustBeatProduction,
    @JsonPropertyDescription(
            "Stop automatic promotion at Staging until an approver sets spec.stage: Production on"
                + " the ModelVersion.")
        Boolean requireApproval) {}
