package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the operator observed of an endpoint. Written by the operator only. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record InferenceServiceStatus(
    @JsonPropertyDescription("In-cluster URL of the endpoint (the router).") String url,
    @JsonPropertyDescription("The version serving users.") VariantStatus stable,
    @JsonPropertyDescription("The version rolling out, if any.") VariantStatus candidate,
    @JsonPropertyDescription("Progress of the current rollout.") RolloutStatus rollout,
    @JsonPropertyDescription("Scaling state.") ScalingStatus scaling,
    @JsonPropertyDescription("Drift, live accuracy and request counts.")
        MonitoringStatus monitoring,
    @JsonPropertyDescription("The last retraining this endpoint started.")
        RetrainingStatus retraining,
    @JsonPropertyDescription(
            "Ready, Progressing and Degraded, following Kubernetes API conventions.")
        List<Condition> conditions,
    @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration) {

  /** One served version. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VariantStatus(
      @JsonPropertyDescription("Version number.") Integer version,
      @JsonPropertyDescription("The ModelVersion object.") String modelVersion,
      @JsonPropertyDescription("Replicas wanted.") Integer replicas,
      @JsonPropertyDescription("Replicas whose model is loaded and ready.") Integer readyReplicas,
      @JsonPropertyDescription("Share of traffic, 0-100.") Integer weight) {}

  /** Where a rollout stands. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RolloutStatus(
      @JsonPropertyDescription("Idle, Progressing, Paused, Promoted, RolledBack or Failed.")
          String phase,
      @JsonPropertyDescription("Index of the current canary step.") Integer step,
      @JsonPropertyDescription("When the current step started (RFC 3339).") String stepStartTime,
      @JsonPropertyDescription("The latest analysis of the candidate.") AnalysisResult lastAnalysis,
      @JsonPropertyDescription("One sentence on the rollout.") String message) {}

  /** The figures of one analysis and its verdict. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AnalysisResult(
      @JsonPropertyDescription("When it ran (RFC 3339).") String time,
      @JsonPropertyDescription("Pass, Fail or Inconclusive (too few requests).") String verdict,
      @JsonPropertyDescription("Candidate requests in the window.") Long requests,
      @JsonPropertyDescription("Candidate error percentage.") Double errorPercent,
      @JsonPropertyDescription("Candidate p99 latency, milliseconds.") Double latencyP99Millis,
      @JsonPropertyDescription("Shadow agreement percentage.") Double shadowAgreementPercent,
      @JsonPropertyDescription("Live-accuracy drop against stable, percentage points.")
          Double accuracyDropPercent,
      @JsonPropertyDescription("Which threshold failed, if one did.") String message) {}

  /** Scaling state. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ScalingStatus(
      @JsonPropertyDescription("Active, ScaledToZero or OutsideWindow.") String state,
      @JsonPropertyDescription("Replicas of the stable version now.") Integer replicas,
      @JsonPropertyDescription("Last request the router saw (RFC 3339).") String lastRequestTime) {}

  /** Live figures from the model servers. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record MonitoringStatus(
      @JsonPropertyDescription("Per-feature drift of recent inputs against training.")
          List<FeatureDrift> features,
      @JsonPropertyDescription("Accuracy on requests with ground-truth feedback, 0-1.")
          Double liveAccuracy,
      @JsonPropertyDescription("Requests with feedback behind liveAccuracy.") Long feedbackCount,
      @JsonPropertyDescription("Requests in the window.") Long requests,
      @JsonPropertyDescription("When the figures were read (RFC 3339).") String time) {}

  /** Drift of one feature. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FeatureDrift(
      @JsonPropertyDescription("Feature name.") String feature,
      @JsonPropertyDescription("Population Stability Index against the training baseline.")
          Double psi,
      @JsonPropertyDescription("Share of values outside the training range, 0-1.")
          Double outlierRate,
      @JsonPropertyDescription("Whether psi exceeds the drift threshold.") Boolean drifted) {}

  /** The last retraining. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RetrainingStatus(
      @JsonPropertyDescription("When a trigger last fired (RFC 3339).") String lastTriggerTime,
      @JsonPropertyDescription("Which trigger: Drift, Accuracy or Schedule.") String reason,
      @JsonPropertyDescription("The TrainingRun it created.") String trainingRun) {}
}
