package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.StorageUris;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where the trained model bundle goes. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutputSpec(
    @JsonPropertyDescription(
            "Base location for model bundles: pvc://<claim>/<path> (mounted read-write), s3://,"
                + " gs:// or an absolute path. The bundle goes to <uri>/<model>/<run name>.")
        @Required
        @Size(max = ApiGroup.URI_MAX_LENGTH)
        @ValidationRule(
            value = StorageUris.RULE,
            message = "spec.output.uri " + StorageUris.MESSAGE)
        @ValidationRule(
            value = StorageUris.NO_PARENT_RULE,
            message = "spec.output.uri " + StorageUris.NO_PARENT_MESSAGE)
        String uri) {}
