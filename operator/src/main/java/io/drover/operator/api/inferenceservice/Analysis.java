package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** What the candidate must show before it gets more traffic; missing any rolls it back. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Analysis(
    @JsonPropertyDescription(
            "Least requests the candidate must have served before a verdict. Default 100.")
        @Min(0)
        Integer minRequests,
    @JsonPropertyDescription("Greatest error (5xx, timeout) percentage, 0-100. Default 1.")
        @Min(0)
        @Max(100)
        Double maxErrorPercent,
    @JsonPropertyDescription("Greatest p99 latency in milliseconds.") @Min(0)
        Integer maxLatencyP99Millis,
    @JsonPropertyDescription(
            "Shadow: least percentage of mirrored requests where the candidate agrees with the"
                + " stable version, 0-100.")
        @Min(0)
        @Max(100)
        Double minShadowAgreementPercent,
    @JsonPropertyDescription(
            "Greatest drop of live accuracy (from ground-truth feedback) against the stable"
                + " version, in percentage points.")
        @Min(0)
        @Max(100)
        Double maxAccuracyDropPercent) {}
