package io.drover.operator.api.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One named metric and its value, as shown in printer columns. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricValue(
    @JsonPropertyDescription("Metric name, as the trainer reports it.") String metric,
    @JsonPropertyDescription("Its value.") Double value) {}
