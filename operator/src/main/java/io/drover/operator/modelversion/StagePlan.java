package io.drover.operator.modelversion;

import io.drover.operator.api.common.Stage;
import io.drover.operator.api.modelversion.Approval;
import io.drover.operator.api.modelversion.Comparison;
import io.drover.operator.api.modelversion.PolicyCheck;
import java.util.List;

/**
 * What a ModelVersion should become and what must be done for it, decided by {@link StagePlanner}.
 *
 * @param stage the stage to report
 * @param reason CamelCase reason for conditions and events
 * @param message one sentence for people
 * @param checks every policy check with its verdict
 * @param comparison the comparison to report
 * @param approval who approved Production, when someone has
 * @param action what the reconciler must do before reporting
 * @param settled nothing more will happen without a change (Ready, or Stalled when rejected)
 */
record StagePlan(
    Stage stage,
    String reason,
    String message,
    List<PolicyCheck> checks,
    Comparison comparison,
    Approval approval,
    Action action,
    boolean settled) {

  /** Work the reconciler does for the plan. */
  enum Action {
    NONE,
    /** Start the evaluation Job against the Production version. */
    COMPARE,
    /** Move the Production record to this version (compare-and-swap). */
    PROMOTE,
    /**
     * The record names this version but its status does not say so yet (an operator stopped between
     * the move and the report): archive any other claimant first.
     */
    CLAIM,
    /** Leave the model without Production: a person archived the Production version. */
    RELEASE
  }

  StagePlan withAction(Action next) {
    return new StagePlan(stage, reason, message, checks, comparison, approval, next, settled);
  }

  boolean awaitingApproval() {
    return "AwaitingApproval".equals(reason);
  }

  boolean stalled() {
    return stage == Stage.Rejected || "ComparisonFailed".equals(reason);
  }
}
