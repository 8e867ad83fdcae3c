package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How the live model would be watched by the operator. Not acted on in this release: each model
 * server measures drift and live accuracy itself ({@code /v2/models/{name}/monitoring}), and
 * rollouts judge live accuracy; status.monitoring is not written yet.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Monitoring(
    @JsonPropertyDescription(
            "Population Stability Index above which a feature counts as drifted. Default 0.2.")
        @Min(0)
        Double driftThreshold,
    @JsonPropertyDescription("Sliding window of recent requests drift is measured over, e.g. 1h.")
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.monitoring.window " + ApiGroup.DURATION_HINT)
        String window,
    @JsonPropertyDescription("How often the operator reads the figures. Default 1m.")
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.monitoring.interval " + ApiGroup.DURATION_HINT)
        String interval) {}
