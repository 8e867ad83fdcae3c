package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.Promotion;
import io.drover.operator.api.common.RegistrationPolicy;

/** How the run's model enters the registry. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Registration(
    @JsonPropertyDescription("Checks the new version must pass; copied into its ModelVersion.")
        RegistrationPolicy policy,
    @JsonPropertyDescription("None (default), Staging or Production: how far to promote.")
        Promotion promotion) {}
