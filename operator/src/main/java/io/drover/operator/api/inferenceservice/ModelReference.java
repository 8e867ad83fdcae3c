package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Which registered model version to serve. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.version) != has(self.stage)",
    message =
        "set exactly one of spec.model.version (pin a version) or spec.model.stage (track a"
            + " stage)")
public record ModelReference(
    @JsonPropertyDescription("Registry name of the model.")
        @Required
        @Size(max = ApiGroup.NAME_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.NAME_RULE,
            message = "spec.model.name must be a lowercase DNS label, e.g. iris-classifier")
        String name,
    @JsonPropertyDescription("Serve exactly this version number.") @Min(1) @Max(1000000)
        Integer version,
    @JsonPropertyDescription("Serve whichever version is in this stage: Production or Staging.")
        TrackedStage stage) {

  /** Stages an endpoint can follow. */
  public enum TrackedStage {
    Production,
    Staging
  }
}
