package io.drover.operator.api.inferenceservice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Progressive delivery of a new version, with automated analysis and rollback. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "self.strategy != 'AbTest' || has(self.stickyHeader)",
    message = "rollout.stickyHeader is required for the AbTest strategy")
@ValidationRule(
    value = "self.strategy != 'Canary' || (has(self.steps) && size(self.steps) > 0)",
    message = "rollout.steps is required for the Canary strategy")
public record Rollout(
    @JsonPropertyDescription(
            "Canary shifts traffic step by step; Shadow mirrors traffic to the candidate without"
                + " serving its answers; AbTest splits users by a sticky header; BlueGreen"
                + " switches all traffic at once after analysis.")
        @Required
        RolloutStrategy strategy,
    @JsonPropertyDescription(
            "Canary steps: each sets the candidate's traffic weight and holds it for a pause"
                + " before analysis.")
        List<RolloutStep> steps,
    @JsonPropertyDescription(
            "AbTest: request header whose value sticks a user to one variant, e.g. x-user-id.")
        @ValidationRule(
            value = "self.matches('^[A-Za-z0-9-]+$')",
            message = "stickyHeader must be an HTTP header name")
        String stickyHeader,
    @JsonPropertyDescription("AbTest: percentage of users sent to the candidate. Default 50.")
        @Min(0)
        @Max(100)
        Integer candidateWeight,
    @JsonPropertyDescription("Shadow: percentage of requests mirrored. Default 100.")
        @Min(0)
        @Max(100)
        Integer mirrorPercent,
    @JsonPropertyDescription("Shadow, AbTest, BlueGreen: how long to observe before deciding.")
        @ValidationRule(value = ApiGroup.DURATION_RULE, message = "duration must look like 10m")
        String observeFor,
    @JsonPropertyDescription("Thresholds the candidate must meet to proceed.") Analysis analysis) {

  /** The rollout strategies. */
  public enum RolloutStrategy {
    Canary,
    Shadow,
    AbTest,
    BlueGreen
  }

  /** One step of a canary. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RolloutStep(
      @JsonPropertyDescription("Candidate traffic percentage during this step.")
          @Required
          @Min(0)
          @Max(100)
          Integer weight,
      @JsonPropertyDescription("How long to hold the step before analysing it, e.g. 5m.")
          @ValidationRule(value = ApiGroup.DURATION_RULE, message = "pause must look like 5m")
          String pause) {}
}
