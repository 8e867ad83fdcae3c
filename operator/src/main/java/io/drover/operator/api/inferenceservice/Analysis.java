package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.GoDuration;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;

/**
 * What the candidate must show, against absolute thresholds and against the stable version in the
 * same window, before it gets more traffic. Every analysis ends Pass, Fail or Inconclusive (too
 * little data: never promoted on).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Analysis(
    @JsonPropertyDescription(
            "Least requests the candidate must have served (Shadow, BlueGreen: mirrored copies"
                + " compared) in the window before a verdict. Default 100.")
        @Min(1)
        Integer minRequests,
    @JsonPropertyDescription(
            "Greatest error (5xx, timeout, unreachable) percentage of the candidate, 0-100."
                + " Default 1.")
        @Min(0)
        @Max(100)
        Double maxErrorPercent,
    @JsonPropertyDescription("Greatest p99 latency of the candidate, in milliseconds.") @Min(1)
        Integer maxLatencyP99Millis,
    @JsonPropertyDescription(
            "Greatest increase of the candidate's p99 latency over the stable version's in the"
                + " same window, in percent (50: at most 1.5 times the stable p99).")
        @Min(0)
        Double maxLatencyIncreasePercent,
    @JsonPropertyDescription(
            "Shadow and BlueGreen: least percentage of mirrored requests whose answer agrees with"
                + " the stable version's, 0-100. Default 95.")
        @Min(0)
        @Max(100)
        Double minShadowAgreementPercent,
    @JsonPropertyDescription(
            "Greatest drop of live accuracy (from ground-truth feedback) below the stable"
                + " version's, in percentage points. Checked once both have minFeedbackRows"
                + " labelled rows; servers that report no live accuracy skip it.")
        @Min(0)
        @Max(100)
        Double maxAccuracyDropPercent,
    @JsonPropertyDescription(
            "Labelled rows each version needs before live accuracy is compared. Default 50.")
        @Min(1)
        Integer minFeedbackRows,
    @JsonPropertyDescription("How often the candidate is analysed. Default 30s.")
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.rollout.analysis.interval " + ApiGroup.DURATION_HINT)
        String interval,
    @JsonPropertyDescription(
            "How long analyses may stay Inconclusive (too little traffic) once a step's pause is"
                + " over, before onInconclusive applies. Default 10m.")
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.rollout.analysis.inconclusiveTimeout " + ApiGroup.DURATION_HINT)
        String inconclusiveTimeout,
    @JsonPropertyDescription(
            "What happens when analyses stay Inconclusive past inconclusiveTimeout: Pause keeps"
                + " the current traffic split and goes on analysing (Progressing=False until a"
                + " verdict); Fail rolls back. Default Pause.")
        OnInconclusive onInconclusive) {

  public static Analysis defaults() {
    return new Analysis(null, null, null, null, null, null, null, null, null, null);
  }

  public int minRequestsOrDefault() {
    return minRequests == null ? 100 : minRequests;
  }

  public double maxErrorPercentOrDefault() {
    return maxErrorPercent == null ? 1.0 : maxErrorPercent;
  }

  public double minShadowAgreementPercentOrDefault() {
    return minShadowAgreementPercent == null ? 95.0 : minShadowAgreementPercent;
  }

  public int minFeedbackRowsOrDefault() {
    return minFeedbackRows == null ? 50 : minFeedbackRows;
  }

  public Duration intervalOrDefault() {
    return interval == null
        ? Duration.ofSeconds(30)
        : GoDuration.parse("rollout.analysis.interval", interval);
  }

  public Duration inconclusiveTimeoutOrDefault() {
    return inconclusiveTimeout == null
        ? Duration.ofMinutes(10)
        : GoDuration.parse("rollout.analysis.inconclusiveTimeout", inconclusiveTimeout);
  }

  public OnInconclusive onInconclusiveOrDefault() {
    return onInconclusive == null ? OnInconclusive.Pause : onInconclusive;
  }

  /** What to do when the data never suffices for a verdict. */
  public enum OnInconclusive {
    Pause,
    Fail
  }
}
