package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ActiveWindow;
import io.drover.operator.api.common.ApiGroup;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** How many model-server replicas run, and when none do. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value =
        "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
    message = "scaling.minReplicas cannot exceed scaling.maxReplicas")
public record Scaling(
    @JsonPropertyDescription(
            "Replicas of the stable version, at least 1 (scaling to zero when idle is not"
                + " implemented in this release: 0 runs one replica). Default 1.")
        @Min(0)
        Integer minReplicas,
    @JsonPropertyDescription(
            "Most replicas; a rollout runs at most maxReplicas + rollout.maxSurge over all"
                + " versions. Default 1.")
        @Min(1)
        Integer maxReplicas,
    @JsonPropertyDescription(
            "Concurrent requests per replica an autoscaler would aim for. Not acted on in this"
                + " release (no autoscaling yet). Default 8.")
        @Min(1)
        Integer targetConcurrency,
    @JsonPropertyDescription(
            "Idle time before scaling to zero. Not acted on in this release (no scale to zero"
                + " yet). Default 15m.")
        @ValidationRule(value = ApiGroup.DURATION_RULE, message = "idleAfter must look like 15m")
        String idleAfter,
    @JsonPropertyDescription(
            "How long the router holds a request while a version that is down (starting, or with"
                + " no ready replica) comes up, before answering 503. Default 2m.")
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "activationTimeout must look like 2m")
        String activationTimeout,
    @JsonPropertyDescription(
            "Windows the service would run in, scaled to zero outside them. Not acted on in this"
                + " release.")
        List<ActiveWindow> activeWindows) {

  public static Scaling defaults() {
    return new Scaling(null, null, null, null, null, null);
  }

  public int minReplicasOrDefault() {
    return minReplicas == null ? 1 : minReplicas;
  }

  public int maxReplicasOrDefault() {
    return maxReplicas == null ? Math.max(1, minReplicasOrDefault()) : maxReplicas;
  }
}
