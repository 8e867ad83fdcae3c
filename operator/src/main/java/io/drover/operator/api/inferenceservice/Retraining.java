package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.GoDuration;
import io.drover.operator.api.trainingrun.TrainingRunSpec;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Retraining when the served model decays: a trigger creates a TrainingRun from the template, its
 * ModelVersion goes through the registry's gates, and the rollout serves it if it passes.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Retraining(
    @JsonPropertyDescription(
            "Spec of the TrainingRun created when a trigger fires; usually points at fresher"
                + " data. Its model must be the one this service serves, and its registration"
                + " decides whether the new version becomes Production by itself.")
        @Required
        TrainingRunSpec template,
    @JsonPropertyDescription("What starts a retraining.") @Required Triggers triggers,
    @JsonPropertyDescription(
            "Whether a retraining run also trains on spec.monitoring.feedbackDataset, the"
                + " labelled rows the servers collected. Default true.")
        Boolean includeFeedback,
    @JsonPropertyDescription(
            "Failed cycles in a row (the run failed, or its version was rejected or rolled"
                + " back) that open the circuit breaker: no more automatic runs, Degraded, until a"
                + " person sets the annotation drover.io/reset-retraining or changes the spec."
                + " Default 3.")
        @Min(1)
        @Max(20)
        Integer maxConsecutiveFailures) {

  /** Default failed cycles in a row before the breaker opens. */
  public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 3;

  /** Annotation a person sets (to any new value, e.g. the time) to close an open breaker. */
  public static final String RESET_ANNOTATION = "drover.io/reset-retraining";

  public boolean includesFeedback() {
    return includeFeedback == null || includeFeedback;
  }

  public int maxConsecutiveFailuresOrDefault() {
    return maxConsecutiveFailures == null
        ? DEFAULT_MAX_CONSECUTIVE_FAILURES
        : maxConsecutiveFailures;
  }

  /** Conditions that start a retraining; any one suffices. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Triggers(
      @JsonPropertyDescription(
              "Retrain when a feature of the stable version drifts past"
                  + " spec.monitoring.driftThreshold in driftReadings readings in a row.")
          Boolean onDrift,
      @JsonPropertyDescription(
              "Readings in a row (one per spec.monitoring.interval) in which drift must exceed the"
                  + " threshold, so one noisy window starts nothing. Default 3.")
          @Min(1)
          @Max(100)
          Integer driftReadings,
      @JsonPropertyDescription(
              "Retrain when the stable version's live accuracy falls below this fraction (0-1),"
                  + " once minLabelledRows rows have feedback.")
          @Min(0)
          @Max(1)
          Double accuracyBelow,
      @JsonPropertyDescription(
              "Labelled rows live accuracy must rest on before accuracyBelow is judged. Default"
                  + " 100.")
          @Min(1)
          @Max(1000000)
          Integer minLabelledRows,
      @JsonPropertyDescription("Retrain on a cron schedule, e.g. \"0 3 * * 0\".")
          @Size(max = 256)
          @ValidationRule(value = CronSchedule.RULE, message = CronSchedule.MESSAGE)
          String schedule,
      @JsonPropertyDescription("IANA time zone the schedule is read in. Default UTC.")
          @Size(max = 64)
          @ValidationRule(
              value = ApiGroup.TIME_ZONE_RULE,
              message =
                  "spec.retraining.triggers.timeZone must be an IANA time zone name such as"
                      + " Europe/Berlin or UTC")
          String timeZone,
      @JsonPropertyDescription(
              "Least time between two retrainings, from one trigger to the next. Default 24h.")
          @Size(max = ApiGroup.DURATION_MAX_LENGTH)
          @ValidationRule(
              value = ApiGroup.DURATION_RULE,
              message = "spec.retraining.triggers.cooldown " + ApiGroup.DURATION_HINT)
          String cooldown,
      @JsonPropertyDescription("Most retraining runs started in any 24 hours. Default 3.")
          @Min(1)
          @Max(10)
          Integer maxRunsPerDay) {

    public static final int DEFAULT_DRIFT_READINGS = 3;
    public static final int DEFAULT_MIN_LABELLED_ROWS = 100;
    public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(24);
    public static final int DEFAULT_MAX_RUNS_PER_DAY = 3;

    public boolean retrainsOnDrift() {
      return Boolean.TRUE.equals(onDrift);
    }

    public int driftReadingsOrDefault() {
      return driftReadings == null ? DEFAULT_DRIFT_READINGS : driftReadings;
    }

    public int minLabelledRowsOrDefault() {
      return minLabelledRows == null ? DEFAULT_MIN_LABELLED_ROWS : minLabelledRows;
    }

    public ZoneId zoneOrDefault() {
      return timeZone == null ? ZoneId.of("UTC") : ZoneId.of(timeZone);
    }

    public Duration cooldownOrDefault() {
      return cooldown == null
          ? DEFAULT_COOLDOWN
          : GoDuration.parse("spec.retraining.triggers.cooldown", cooldown);
    }

    public int maxRunsPerDayOrDefault() {
      return maxRunsPerDay == null ? DEFAULT_MAX_RUNS_PER_DAY : maxRunsPerDay;
    }
  }
}
