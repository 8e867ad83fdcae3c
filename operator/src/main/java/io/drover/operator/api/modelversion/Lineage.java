package io.drover.operator.api.modelversion;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a model version came from: enough to reproduce it. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lineage(
    @JsonPropertyDescription("The TrainingRun that produced it, if any.") String trainingRun,
    @JsonPropertyDescription("The data set's location.") String datasetUri,
    @JsonPropertyDescription("The data set's version label, if the run gave one.")
        String datasetVersion,
    @JsonPropertyDescription("Content digest of the data set as read.") String datasetDigest,
    @JsonPropertyDescription("Trainer image, by digest where known.") String image,
    @JsonPropertyDescription("Revision of the training code, e.g. a Git commit.")
        String codeRevision) {}
