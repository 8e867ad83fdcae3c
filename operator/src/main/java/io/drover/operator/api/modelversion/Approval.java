package io.drover.operator.api.modelversion;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The approval record of a promotion to Production. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Approval(
    @JsonPropertyDescription("The user who set stage: Production.") String approvedBy,
    @JsonPropertyDescription("When (RFC 3339).") String approvedAt) {}
