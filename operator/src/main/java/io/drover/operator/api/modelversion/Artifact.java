package io.drover.operator.api.modelversion;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.StorageUris;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The model bundle of a version. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Artifact(
    @JsonPropertyDescription("Location of the model bundle directory.")
        @Required
        @Size(max = ApiGroup.URI_MAX_LENGTH)
        @ValidationRule(
            value = StorageUris.RULE,
            message = "spec.artifact.uri " + StorageUris.MESSAGE)
        @ValidationRule(
            value = StorageUris.NO_PARENT_RULE,
            message = "spec.artifact.uri " + StorageUris.NO_PARENT_MESSAGE)
        String uri,
    @JsonPropertyDescription(
            "Model format: DroverMlp (the built-in trainer), TorchScript, Onnx or XGBoost.")
        ModelFormat format,
    @JsonPropertyDescription("Digest over the bundle's files, sha256:<hex>.")
        @Size(max = 71)
        @ValidationRule(
            value = "self.matches('^sha256:[a-f0-9]{64}$')",
            message = "spec.artifact.digest must be sha256: followed by 64 lowercase hex digits")
        String digest) {

  /** Formats the model server loads. */
  public enum ModelFormat {
    DroverMlp,
    TorchScript,
    Onnx,
    XGBoost
  }
}
