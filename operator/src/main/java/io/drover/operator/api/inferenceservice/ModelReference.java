package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Which registered model version to serve. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.version) != has(self.stage)",
    message = "set exactly one of model.version (pin a version) or model.stage (track a stage)")
public record ModelReference(
    @JsonPropertyDescription("Registry name of the model.")
        @Required
        @ValidationRule(value = ApiGroup.NAME_RULE, message = "model.name must be a DNS label")
        String name,
    @JsonPropertyDescription("Serve exactly this version number.") @Min(1) Integer version,
    @JsonPropertyDescription("Serve whichever version is in this stage: Production or Staging.")
        TrackedStage stage) {

  /** Stages an endpoint can follow. */
  public enum TrackedStage {
    Production,
    Staging
  }
}
