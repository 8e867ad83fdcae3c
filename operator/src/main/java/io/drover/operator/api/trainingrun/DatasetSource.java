package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.StorageUris;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One more source of a run's data set. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSource(
    @JsonPropertyDescription(
            "Location of the source: a file or a folder of CSV files, pvc://<claim>/<path>,"
                + " s3://, gs://, http(s):// or an absolute path inside the trainer image.")
        @Required
        @Size(max = ApiGroup.URI_MAX_LENGTH)
        @ValidationRule(
            value = StorageUris.RULE,
            message = "spec.dataset.sources[].uri " + StorageUris.MESSAGE)
        @ValidationRule(
            value = StorageUris.NO_PARENT_RULE,
            message = "spec.dataset.sources[].uri " + StorageUris.NO_PARENT_MESSAGE)
        String uri,
    @JsonPropertyDescription("Version label of the source, recorded in lineage.") @Size(max = 128)
        String version) {}
