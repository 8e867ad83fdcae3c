package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Identity of the data a run read, for lineage. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetStatus(
    @JsonPropertyDescription("Content digest of the data as read, sha256:<hex>.") String digest,
    @JsonPropertyDescription("Number of data rows.") Long rows) {}
