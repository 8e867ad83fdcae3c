package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.GoDuration;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;
import java.util.List;

/** Progressive delivery of a new version, with a smoke test, automated analysis and rollback. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "self.strategy != 'AbTest' || has(self.stickyHeader)",
    message = "spec.rollout.stickyHeader is required for the AbTest strategy",
    fieldPath = ".stickyHeader")
@ValidationRule(
    value = "self.strategy != 'Canary' || (has(self.steps) && size(self.steps) > 0)",
    message = "spec.rollout.steps is required for the Canary strategy",
    fieldPath = ".steps")
@ValidationRule(
    value = "!has(self.thenCanary) || !self.thenCanary || self.strategy == 'Shadow'",
    message = "spec.rollout.thenCanary applies to the Shadow strategy only",
    fieldPath = ".thenCanary")
public record Rollout(
    @JsonPropertyDescription(
            "Canary shifts traffic step by step; Shadow mirrors traffic to the candidate without"
                + " serving its answers; AbTest splits users by a sticky header and never promotes"
                + " by itself; BlueGreen starts the candidate at full size, judges it on mirrored"
                + " traffic and switches all traffic at once; Immediate switches as soon as the"
                + " smoke test passed; Auto picks one from what changed between the versions"
                + " (different architecture or format: Shadow then Canary; new data or"
                + " hyperparameters: Canary; identical weights: Immediate).")
        @Required
        RolloutStrategy strategy,
    @JsonPropertyDescription(
            "Canary steps: each sets the candidate's traffic weight and holds it for a pause"
                + " before analysis. Auto uses them when it picks Canary (default 10%, 50%, each"
                + " held 2m).")
        @Size(max = 20)
        List<RolloutStep> steps,
    @JsonPropertyDescription(
            "AbTest: request header whose value sticks a user to one variant, e.g. x-user-id.")
        @Size(max = 128)
        @ValidationRule(
            value = "self.matches('^[A-Za-z0-9-]{1,128}$')",
            message =
                "spec.rollout.stickyHeader must be an HTTP header name (letters, digits, '-'),"
                    + " e.g. x-user-id")
        String stickyHeader,
    @JsonPropertyDescription("AbTest: percentage of users sent to the candidate. Default 50.")
        @Min(1)
        @Max(99)
        Integer candidateWeight,
    @JsonPropertyDescription("Shadow: percentage of requests mirrored. Default 100.")
        @Min(1)
        @Max(100)
        Integer mirrorPercent,
    @JsonPropertyDescription(
            "Shadow and BlueGreen: how long the candidate is judged on mirrored traffic before"
                + " the decision. Default 5m.")
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.rollout.observeFor " + ApiGroup.DURATION_HINT)
        String observeFor,
    @JsonPropertyDescription(
            "Shadow: after the shadow passes, continue as a canary through the steps instead of"
                + " switching all traffic at once.")
        Boolean thenCanary,
    @JsonPropertyDescription(
            "BlueGreen: how long the previous version stays at full size after the switch, so"
                + " that switching back is instant; the new version is analysed meanwhile and a"
                + " failure switches back. Default 10m.")
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.rollout.keepPreviousFor " + ApiGroup.DURATION_HINT)
        String keepPreviousFor,
    @JsonPropertyDescription(
            "Replicas (and their GPUs) a rollout may run beyond scaling.maxReplicas. 0: the"
                + " candidate grows only as the stable version shrinks, so no more GPUs than the"
                + " service's maximum are ever asked for. Default 1.")
        @Min(0)
        @Max(100)
        Integer maxSurge,
    @JsonPropertyDescription(
            "How long a new version may take to become ready before the rollout fails. Default"
                + " 10m.")
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.rollout.progressDeadline " + ApiGroup.DURATION_HINT)
        String progressDeadline,
    @JsonPropertyDescription(
            "The test run on a new version once it is ready and before it gets any traffic.")
        SmokeTest smokeTest,
    @JsonPropertyDescription("What the candidate must show to proceed.") Analysis analysis) {

  static final List<RolloutStep> DEFAULT_STEPS =
      List.of(new RolloutStep(10, "2m"), new RolloutStep(50, "2m"));

  /** The rollout a service without spec.rollout gets: Auto, with every default. */
  public static Rollout defaults() {
    return new Rollout(
        RolloutStrategy.Auto, null, null, null, null, null, null, null, null, null, null, null);
  }

  public List<RolloutStep> stepsOrDefault() {
    return steps == null || steps.isEmpty() ? DEFAULT_STEPS : steps;
  }

  public int candidateWeightOrDefault() {
    return candidateWeight == null ? 50 : candidateWeight;
  }

  public int mirrorPercentOrDefault() {
    return mirrorPercent == null ? 100 : mirrorPercent;
  }

  public Duration observeForOrDefault() {
    return observeFor == null
        ? Duration.ofMinutes(5)
        : GoDuration.parse("rollout.observeFor", observeFor);
  }

  public boolean thenCanaryOrDefault() {
    return Boolean.TRUE.equals(thenCanary);
  }

  public Duration keepPreviousForOrDefault() {
    return keepPreviousFor == null
        ? Duration.ofMinutes(10)
        : GoDuration.parse("rollout.keepPreviousFor", keepPreviousFor);
  }

  public int maxSurgeOrDefault() {
    return maxSurge == null ? 1 : maxSurge;
  }

  public Duration progressDeadlineOrDefault() {
    return progressDeadline == null
        ? Duration.ofMinutes(10)
        : GoDuration.parse("rollout.progressDeadline", progressDeadline);
  }

  public SmokeTest smokeTestOrDefault() {
    return smokeTest == null ? new SmokeTest(null, null, null) : smokeTest;
  }

  public Analysis analysisOrDefault() {
    return analysis == null ? Analysis.defaults() : analysis;
  }

  /** The rollout strategies. */
  public enum RolloutStrategy {
    Canary,
    Shadow,
    AbTest,
    BlueGreen,
    /** All traffic moves to the new version as soon as its smoke test passed. */
    Immediate,
    Auto
  }

  /** One step of a canary. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RolloutStep(
      @JsonPropertyDescription("Candidate traffic percentage during this step, 1-100.")
          @Required
          @Min(1)
          @Max(100)
          Integer weight,
      @JsonPropertyDescription(
              "How long to hold the step before the analysis that decides the next one, e.g."
                  + " 5m. The candidate is analysed during the pause too: a failure rolls back at"
                  + " once. Default 1m.")
          @Size(max = ApiGroup.DURATION_MAX_LENGTH)
          @ValidationRule(
              value = ApiGroup.DURATION_RULE,
              message = "spec.rollout.steps[].pause " + ApiGroup.DURATION_HINT)
          String pause) {

    public Duration pauseOrDefault() {
      return pause == null ? Duration.ofMinutes(1) : GoDuration.parse("rollout.steps.pause", pause);
    }
  }
}
