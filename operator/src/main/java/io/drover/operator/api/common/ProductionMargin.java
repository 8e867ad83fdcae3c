package io.drover.operator.api.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A candidate must beat the current Production version on a metric by at least a margin. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProductionMargin(
    @JsonPropertyDescription("Metric compared on the same test data, e.g. accuracy.")
        @Required
        @Size(max = ApiGroup.IDENTIFIER_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.IDENTIFIER_RULE,
            message =
                "policy.mustBeatProduction.metric must be a metric name: letters, digits, '_', '.'"
                    + " or '-'")
        String metric,
    @JsonPropertyDescription(
            "Least improvement required, in the metric's units (0.01 = one point of accuracy)."
                + " 0 means at least as good.")
        @Min(0)
        Double margin,
    @JsonPropertyDescription("Maximize (default) or Minimize, for metrics like log loss.")
        Goal goal) {}
