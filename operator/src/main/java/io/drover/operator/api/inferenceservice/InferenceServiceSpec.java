package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ObjectStorage;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** The desired endpoint. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.retraining) || !has(self.retraining.template.model)"
            + " || self.retraining.template.model == self.model.name",
    message =
        "spec.retraining.template.model must be spec.model.name: a retraining run trains the model"
            + " this service serves",
    fieldPath = ".retraining.template.model")
public record InferenceServiceSpec(
    @JsonPropertyDescription(
            "The model served: pinned to a version, or tracking a stage (a new Production version"
                + " then rolls out by itself).")
        @Required
        ModelReference model,
    @JsonPropertyDescription("The model-server container.") ServingRuntime runtime,
    @JsonPropertyDescription(
            "How a new version replaces the serving one. Default: strategy Auto with every"
                + " default.")
        Rollout rollout,
    @JsonPropertyDescription(
            "Replicas of the stable version and the rollout budget, autoscaling, scale to zero"
                + " and active hours.")
        Scaling scaling,
    @JsonPropertyDescription(
            "How often the servers' drift and live accuracy are read into status.monitoring, the"
                + " drift threshold, and where labelled feedback rows are kept.")
        Monitoring monitoring,
    @JsonPropertyDescription(
            "Automatic retraining when the model decays: triggers, cooldown, the TrainingRun"
                + " template, and the circuit breaker.")
        Retraining retraining,
    @JsonPropertyDescription(
            "Credentials of the model servers for s3:// locations (the bundle, the feedback data"
                + " set) over the served ModelVersion's spec.storage and the operator's setting;"
                + " also the retraining runs' when spec.retraining.template sets none.")
        ObjectStorage storage) {

  public ServingRuntime runtimeOrDefault() {
    return runtime == null ? ServingRuntime.defaults() : runtime;
  }

  public Rollout rolloutOrDefault() {
    return rollout == null ? Rollout.defaults() : rollout;
  }

  public Monitoring monitoringOrDefault() {
    return monitoring == null ? Monitoring.defaults() : monitoring;
  }

  public Scaling scalingOrDefault() {
    return scaling == null ? Scaling.defaults() : scaling;
  }
}
