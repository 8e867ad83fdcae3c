package io.drover.operator.api.modelversion;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.MetricValue;
import io.drover.operator.api.common.Stage;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** The registry's verdict on a version. Written by the operator only. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ModelVersionStatus(
    @JsonPropertyDescription("Effective stage: None, Staging, Production, Archived or Rejected.")
        Stage stage,
    @JsonPropertyDescription("When the version entered its current stage (RFC 3339).")
        String stageTime,
    @JsonPropertyDescription("One sentence on the stage: why rejected, what it awaits.")
        String message,
    @JsonPropertyDescription("The metric shown first, from the policy or accuracy.")
        MetricValue objective,
    @JsonPropertyDescription("Each registration-policy check with the value seen and verdict.")
        List<PolicyCheck> policyChecks,
    @JsonPropertyDescription(
            "Side-by-side evaluation against the Production version on the same test data.")
        Comparison comparison,
    @JsonPropertyDescription("Who approved promotion to Production, and when.") Approval approval,
    @JsonPropertyDescription(
            "Ready, Reconciling, Stalled and AwaitingApproval, following Kubernetes API"
                + " conventions.")
        List<Condition> conditions,
    @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration) {

  /** This status with other conditions. */
  public ModelVersionStatus withConditions(List<Condition> replaced) {
    return new ModelVersionStatus(
        stage,
        stageTime,
        message,
        objective,
        policyChecks,
        comparison,
        approval,
        replaced,
        observedGeneration);
  }
}
