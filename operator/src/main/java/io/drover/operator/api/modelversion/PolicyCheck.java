package io.drover.operator.api.modelversion;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One policy check and its verdict. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyCheck(
    @JsonPropertyDescription("Minimum, Maximum or BeatProduction.") String kind,
    @JsonPropertyDescription("The metric checked.") String metric,
    @JsonPropertyDescription("The bound or margin required.") Double threshold,
    @JsonPropertyDescription("The value seen.") Double value,
    @JsonPropertyDescription("Pass, Fail or Pending (waiting for a comparison).") String verdict,
    @JsonPropertyDescription("Why, in a sentence.") String message) {}
