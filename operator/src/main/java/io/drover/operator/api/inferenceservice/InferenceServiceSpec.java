package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The desired endpoint. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
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
            "Replicas of the stable version and the rollout budget; scale to zero, autoscaling"
                + " and active hours are not acted on in this release.")
        Scaling scaling,
    @JsonPropertyDescription(
            "Drift and live-accuracy measurement. Not acted on in this release: the model servers'"
                + " /v2/models/{name}/monitoring has the figures; status.monitoring is not written.")
        Monitoring monitoring,
    @JsonPropertyDescription(
            "Automatic retraining when the model decays. Not acted on in this release: no"
                + " TrainingRun is created from it.")
        Retraining retraining) {

  public ServingRuntime runtimeOrDefault() {
    return runtime == null ? ServingRuntime.defaults() : runtime;
  }

  public Rollout rolloutOrDefault() {
    return rollout == null ? Rollout.defaults() : rollout;
  }

  public Scaling scalingOrDefault() {
    return scaling == null ? Scaling.defaults() : scaling;
  }
}
