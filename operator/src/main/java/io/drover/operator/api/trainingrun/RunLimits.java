package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ApiGroup;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How long a run may take and how often it is retried. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunLimits(
    @JsonPropertyDescription(
            "Longest a trainer pod may run before it is stopped and the run fails, as a duration"
                + " (90m, 2h). Default: no limit.")
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.limits.activeDeadline " + ApiGroup.DURATION_HINT)
        String activeDeadline,
    @JsonPropertyDescription("Retries of a failed trainer pod before the run fails. Default 0.")
        @Min(0)
        @Max(10)
        Integer backoffLimit,
    @JsonPropertyDescription(
            "Longest the trainer pod may wait to be scheduled (e.g. for free GPUs) before the run"
                + " fails and its Job is deleted. Default 15m.")
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.limits.pendingTimeout " + ApiGroup.DURATION_HINT)
        String pendingTimeout,
    @JsonPropertyDescription(
            "How long the finished Job and its pods (and their logs) are kept. Default 24h; the"
                + " TrainingRun itself is kept.")
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.limits.ttlAfterFinished " + ApiGroup.DURATION_HINT)
        String ttlAfterFinished,
    @JsonPropertyDescription(
            "Distributed training (workers above 1) without a Kueue queue: longest the workers may"
                + " take until all of them run. If some still wait (e.g. for GPUs) by then, the"
                + " whole Job is deleted, so no worker holds GPUs for a gang that cannot start,"
                + " and the run fails naming the pending workers. Default 10m.")
        @Size(max = ApiGroup.DURATION_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.DURATION_RULE,
            message = "spec.limits.schedulingTimeout " + ApiGroup.DURATION_HINT)
        String schedulingTimeout) {

  /** Limits of an earlier release, without a scheduling timeout. */
  public RunLimits(
      String activeDeadline, Integer backoffLimit, String pendingTimeout, String ttlAfterFinished) {
    this(activeDeadline, backoffLimit, pendingTimeout, ttlAfterFinished, null);
  }
}
