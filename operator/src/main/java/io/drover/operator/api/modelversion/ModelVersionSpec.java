package io.drover.operator.api.modelversion;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.ObjectStorage;
import io.drover.operator.api.common.Promotion;
import io.drover.operator.api.common.RegistrationPolicy;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** A registered model version. Only stage is meant to change after creation. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "self.model == oldSelf.model && self.version == oldSelf.version",
    message = "spec.model and spec.version identify a ModelVersion and cannot change")
@ValidationRule(
    value = "self.artifact == oldSelf.artifact",
    message = "spec.artifact cannot change: register a new ModelVersion for a new artifact")
public record ModelVersionSpec(
    @JsonPropertyDescription("Registry name of the model, e.g. iris-classifier.")
        @Required
        @Size(max = 63)
        @ValidationRule(
            value = ApiGroup.NAME_RULE,
            message = "spec.model must be a lowercase DNS label, e.g. iris-classifier")
        String model,
    @JsonPropertyDescription("Version number, unique per model, counting from 1.") @Required @Min(1)
        Integer version,
    @JsonPropertyDescription("The model files.") @Required Artifact artifact,
    @JsonPropertyDescription("Where the model came from.") Lineage source,
    @JsonPropertyDescription("Metrics measured when the model was trained, by name.")
        @Size(max = ApiGroup.MAX_METRICS)
        @ValidationRule(
            value = ApiGroup.IDENTIFIER_KEYS_RULE,
            message = "spec.metrics keys " + ApiGroup.IDENTIFIER_KEYS_HINT)
        @ValidationRule(
            value = ApiGroup.FRACTION_METRICS_RULE,
            message =
                "spec.metrics: accuracy, precision, recall, f1 and auc are fractions: give them"
                    + " between 0 and 1 (0.97, not 97)")
        Map<String, Double> metrics,
    @JsonPropertyDescription("Hyperparameters the model was trained with.")
        @Size(max = ApiGroup.MAX_METRICS)
        @ValidationRule(
            value = ApiGroup.IDENTIFIER_KEYS_RULE,
            message = "spec.hyperparameters keys " + ApiGroup.IDENTIFIER_KEYS_HINT)
        Map<String, @Size(max = ApiGroup.TEXT_MAX_LENGTH) String> hyperparameters,
    @JsonPropertyDescription("Checks this version must pass before promotion.")
        RegistrationPolicy policy,
    @JsonPropertyDescription(
            "How far the operator promotes this version by itself: None, Staging, or Production"
                + " when it passes the policy and beats the current Production version. Copied"
                + " from the TrainingRun's registration.")
        Promotion promotion,
    @JsonPropertyDescription(
            "Requested stage. Setting Production is the approval gate: an admission policy lets"
                + " only the approvers group set it, together with the drover.io/approved-by"
                + " annotation naming the approver. Archived retires the version.")
        RequestedStage stage,
    @JsonPropertyDescription(
            "Credentials for reading an s3:// artifact (the comparison Job, and the model servers"
                + " unless their InferenceService names its own) over the operator's setting."
                + " Copied from the TrainingRun's spec.storage.")
        ObjectStorage storage) {

  /** This spec with another requested stage. */
  public ModelVersionSpec withStage(RequestedStage requested) {
    return new ModelVersionSpec(
        model,
        version,
        artifact,
        source,
        metrics,
        hyperparameters,
        policy,
        promotion,
        requested,
        storage);
  }

  /** Stages a person may ask for; Rejected is only ever a verdict. */
  public enum RequestedStage {
    None,
    Staging,
    Production,
    Archived
  }
}
