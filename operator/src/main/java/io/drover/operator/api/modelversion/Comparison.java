package io.drover.operator.api.modelversion;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** This version against the Production version, evaluated on the same data. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Comparison(
    @JsonPropertyDescription("The Production ModelVersion compared against.")
        String productionVersion,
    @JsonPropertyDescription("The data both were evaluated on.") String datasetUri,
    @JsonPropertyDescription("The evaluation Job.") String job,
    @JsonPropertyDescription("Pending, Running, Won, Lost or Failed.") String verdict,
    @JsonPropertyDescription("Metric by metric: candidate, production and their difference.")
        List<MetricDelta> metrics,
    @JsonPropertyDescription("When the comparison finished (RFC 3339).") String completionTime,
    @JsonPropertyDescription("What decided it, or why it failed.") String message) {

  /** One metric of both versions. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MetricDelta(
      @JsonPropertyDescription("Metric name.") String metric,
      @JsonPropertyDescription("This version's value.") Double candidate,
      @JsonPropertyDescription("The Production version's value.") Double production,
      @JsonPropertyDescription("candidate - production.") Double delta) {}
}
