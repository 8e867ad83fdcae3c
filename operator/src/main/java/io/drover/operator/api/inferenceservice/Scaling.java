package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ActiveWindow;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.GoDuration;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;
import java.util.List;

/**
 * How many model-server replicas run, and when none do. Drover owns the step between zero and one
 * (idle, active windows, the router's wake-up); between one and maxReplicas a Kubernetes autoscaler
 * does the work.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value =
        "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
    message = "spec.scaling.minReplicas cannot exceed spec.scaling.maxReplicas")
public record Scaling(
    @JsonPropertyDescription(
            "Fewest replicas of the stable version. 0 scales it to zero after idleAfter without a"
                + " request; the router holds the next request, wakes the version and answers"
                + " once its model is loaded. Default 1.")
        @Min(0)
        @Max(1000)
        Integer minReplicas,
    @JsonPropertyDescription(
            "Most replicas of a version. Above max(1, minReplicas) an autoscaler (see metric)"
                + " scales each live version between them. A rollout's own sizing stays within"
                + " maxReplicas + rollout.maxSurge over all versions. Default max(1, minReplicas).")
        @Min(1)
        @Max(1000)
        Integer maxReplicas,
    @JsonPropertyDescription(
            "What the autoscaler follows when maxReplicas allows more than one replica: Cpu (a"
                + " HorizontalPodAutoscaler on CPU utilisation) or Concurrency (a KEDA"
                + " ScaledObject on the router's in-flight requests per replica; needs KEDA in"
                + " the cluster). Default Cpu.")
        ScalingMetric metric,
    @JsonPropertyDescription(
            "Cpu: average CPU utilisation of the replicas' requests the autoscaler aims for,"
                + " percent. Default 80.")
        @Min(1)
        @Max(100)
        Integer targetCpuUtilizationPercent,
    @JsonPropertyDescription(
            "Concurrency: requests in flight per replica the autoscaler aims for. Default 8.")
        @Min(1)
        @Max(10000)
        Integer targetConcurrency,
    @JsonPropertyDescription(
            "With minReplicas 0: time without a request before the stable version scales to"
                + " zero. Never during a rollout. Default 15m.")
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.scaling.idleAfter " + ApiGroup.DURATION_HINT)
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        String idleAfter,
    @JsonPropertyDescription(
            "How long the router holds a request while a version that is down (scaled to zero,"
                + " waking, or waiting for a node) comes up, before answering 503. A wake is"
                + " given this long, too, before it is given up. Default 2m.")
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.scaling.activationTimeout " + ApiGroup.DURATION_HINT)
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        String activationTimeout,
    @JsonPropertyDescription(
            "Times of the week the service runs. Outside them every version has zero replicas"
                + " and the router answers 503 saying when the service opens. A rollout in"
                + " progress when a window closes runs to its end first. Empty: always.")
        @Size(max = 28)
        List<ActiveWindow> activeWindows,
    @JsonPropertyDescription(
            "How long before a window opens the service is started, so the first request inside"
                + " the window is answered without a cold start. Default 0s.")
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.scaling.preWarm " + ApiGroup.DURATION_HINT)
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        String preWarm) {

  static final Duration DEFAULT_IDLE_AFTER = Duration.ofMinutes(15);
  static final Duration DEFAULT_ACTIVATION_TIMEOUT = Duration.ofMinutes(2);

  /** What an autoscaler follows. */
  public enum ScalingMetric {
    Cpu,
    Concurrency
  }

  public static Scaling defaults() {
    return new Scaling(null, null, null, null, null, null, null, null, null);
  }

  public int minReplicasOrDefault() {
    return minReplicas == null ? 1 : minReplicas;
  }

  public int maxReplicasOrDefault() {
    return maxReplicas == null ? Math.max(1, minReplicasOrDefault()) : maxReplicas;
  }

  /** Whether an idle stable version scales to zero. */
  public boolean scalesToZero() {
    return minReplicasOrDefault() == 0;
  }

  /** Whether an autoscaler grows versions beyond the replicas Drover gives them. */
  public boolean autoscales() {
    return maxReplicasOrDefault() > Math.max(1, minReplicasOrDefault());
  }

  public ScalingMetric metricOrDefault() {
    return metric == null ? ScalingMetric.Cpu : metric;
  }

  public int targetCpuUtilizationPercentOrDefault() {
    return targetCpuUtilizationPercent == null ? 80 : targetCpuUtilizationPercent;
  }

  public int targetConcurrencyOrDefault() {
    return targetConcurrency == null ? 8 : targetConcurrency;
  }

  public Duration idleAfterOrDefault() {
    return idleAfter == null
        ? DEFAULT_IDLE_AFTER
        : GoDuration.parse("spec.scaling.idleAfter", idleAfter);
  }

  public Duration activationTimeoutOrDefault() {
    return activationTimeout == null
        ? DEFAULT_ACTIVATION_TIMEOUT
        : GoDuration.parse("spec.scaling.activationTimeout", activationTimeout);
  }

  public Duration preWarmOrDefault() {
    return preWarm == null ? Duration.ZERO : GoDuration.parse("spec.scaling.preWarm", preWarm);
  }
}
