package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.StorageUris;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The data a run trains on. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSpec(
    @JsonPropertyDescription(
            "Location of the data set: pvc://<claim>/<path> (mounted read-only into the trainer),"
                + " s3://, gs://, http(s):// or an absolute path inside the trainer image.")
        @Required
        @Size(max = ApiGroup.URI_MAX_LENGTH)
        @ValidationRule(
            value = StorageUris.RULE,
            message = "spec.dataset.uri " + StorageUris.MESSAGE)
        @ValidationRule(
            value = StorageUris.NO_PARENT_RULE,
            message = "spec.dataset.uri " + StorageUris.NO_PARENT_MESSAGE)
        String uri,
    @JsonPropertyDescription(
            "Version label of the data set, recorded in lineage (e.g. a DVC tag or a date).")
        @Size(max = 128)
        String version,
    @JsonPropertyDescription("Checks run on the data before training starts.")
        DataValidation validation) {}
