package io.drover.operator.modelversion;

import io.drover.operator.api.common.Promotion;
import io.drover.operator.api.common.Stage;
import io.drover.operator.api.modelversion.Approval;
import io.drover.operator.api.modelversion.Comparison;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.modelversion.ModelVersionSpec.RequestedStage;
import io.drover.operator.api.modelversion.ModelVersionStatus;
import io.drover.operator.api.modelversion.PolicyCheck;
import io.drover.operator.modelversion.StagePlan.Action;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides a ModelVersion's stage from its spec, its policy, the comparison with Production and the
 * registry's Production record. Pure: the reconciler observes and applies.
 *
 * <p>Rules, in order: the version the registry names is Production (unless a person archives it); a
 * former Production version is Archived; a person's Archived wins; a failed policy check rejects;
 * otherwise the requested stage, or the promotion setting, decides — Production only when the
 * comparison with the current Production version is won, and only after approval when the policy
 * requires it.
 */
final class StagePlanner {

  private StagePlanner() {}

  /**
   * @param version the ModelVersion
   * @param production the current Production version when it is another one
   * @param isProduction whether the registry names this version
   * @param comparison the latest comparison with {@code production}, if any
   */
  static StagePlan plan(
      ModelVersion version,
      Optional<ModelVersion> production,
      boolean isProduction,
      Comparison comparison,
      Instant now) {
    var spec = version.getSpec();
    ModelVersionStatus before = version.getStatus();
    Stage current = before == null || before.stage() == null ? Stage.None : before.stage();
    Optional<String> productionName = production.map(p -> p.getMetadata().getName());
    Comparison relevant =
        comparison != null
                && productionName.isPresent()
                && productionName.get().equals(comparison.productionVersion())
            ? comparison
            : null;
    // A finished comparison stays on record after the version it beat is gone from Production.
    Comparison shown = relevant != null ? relevant : comparison;
    List<PolicyCheck> checks =
        PolicyChecks.evaluate(spec.policy(), spec.metrics(), productionName, relevant);
    Approval approval = approval(version, now);
    RequestedStage requested = spec.stage();
    // Once in or past Production, the checks that got it there stay on record.
    List<PolicyCheck> settledChecks =
        before != null && before.policyChecks() != null && !before.policyChecks().isEmpty()
            ? before.policyChecks()
            : checks;

    if (isProduction) {
      if (requested == RequestedStage.Archived) {
        return plan(
            Stage.Production,
            "Archiving",
            "archiving on request",
            settledChecks,
            shown,
            approval,
            Action.RELEASE,
            false);
      }
      return plan(
          Stage.Production,
          "Production",
          "serving as the Production version of " + spec.model(),
          settledChecks,
          shown,
          approval,
          current == Stage.Production ? Action.NONE : Action.CLAIM,
          true);
    }
    if (current == Stage.Production || requested == RequestedStage.Archived) {
      String why =
          current == Stage.Production
              ? "replaced in Production" + productionName.map(n -> " by " + n).orElse("")
              : "archived on request";
      return plan(
          Stage.Archived, "Archived", why, settledChecks, shown, approval, Action.NONE, true);
    }
    if (current == Stage.Archived) {
      // Archived is final: a retired version comes back only as a new ModelVersion.
      return plan(
          Stage.Archived,
          "Archived",
          before.message(),
          settledChecks,
          shown,
          approval,
          Action.NONE,
          true);
    }
    if (PolicyChecks.anyFailed(checks)) {
      String failed =
          checks.stream()
              .filter(c -> PolicyChecks.FAIL.equals(c.verdict()))
              .map(PolicyCheck::message)
              .collect(Collectors.joining("; "));
      return plan(
          Stage.Rejected,
          "PolicyFailed",
          "rejected: " + failed,
          checks,
          relevant,
          approval,
          Action.NONE,
          true);
    }

    Promotion promotion = Optional.ofNullable(spec.promotion()).orElse(Promotion.None);
    boolean wantsProduction =
        requested == RequestedStage.Production
            || (requested == null && promotion == Promotion.Production);
    Stage resting =
        requested == RequestedStage.Staging || (requested == null && promotion != Promotion.None)
            ? Stage.Staging
            : Stage.None;
    if (requested == RequestedStage.None) {
      resting = Stage.None;
    }

    boolean needsComparison =
        productionName.isPresent()
            && (wantsProduction
                || (spec.policy() != null && spec.policy().mustBeatProduction() != null));
    if (needsComparison && relevant == null) {
      return plan(
          resting,
          "Comparing",
          "evaluating against " + productionName.get() + " on the same test data",
          checks,
          null,
          approval,
          Action.COMPARE,
          false);
    }
    if (relevant != null && !ComparisonVerdicts.isFinished(relevant.verdict())) {
      if (ComparisonVerdicts.FAILED.equals(relevant.verdict())) {
        return plan(
            resting,
            "ComparisonFailed",
            relevant.message(),
            checks,
            relevant,
            approval,
            Action.NONE,
            true);
      }
      return plan(
          resting,
          "Comparing",
          "evaluating against " + productionName.get() + " on the same test data",
          checks,
          relevant,
          approval,
          Action.NONE,
          false);
    }
    if (!wantsProduction) {
      return plan(
          resting,
          resting == Stage.Staging ? "Staging" : "Registered",
          resting == Stage.Staging ? "in Staging" : "registered",
          checks,
          relevant,
          approval,
          Action.NONE,
          true);
    }
    boolean won = relevant == null || ComparisonVerdicts.WON.equals(relevant.verdict());
    if (requested != RequestedStage.Production) {
      if (!won) {
        return plan(
            Stage.Staging,
            "LostComparison",
            "stays in Staging: " + relevant.message(),
            checks,
            relevant,
            approval,
            Action.NONE,
            true);
      }
      if (spec.policy() != null && Boolean.TRUE.equals(spec.policy().requireApproval())) {
        return plan(
            Stage.Staging,
            "AwaitingApproval",
            "awaiting approval: set spec.stage to"
                + " Production (with the drover.io/approved-by annotation) to promote",
            checks,
            relevant,
            approval,
            Action.NONE,
            false);
      }
    }
    return plan(
        resting,
        "Promoting",
        "promoting to Production" + productionName.map(n -> ", replacing " + n).orElse(""),
        checks,
        relevant,
        approval,
        Action.PROMOTE,
        false);
  }

  /** The approver is recorded once, from the annotation the admission policy vouches for. */
  private static Approval approval(ModelVersion version, Instant now) {
    ModelVersionStatus before = version.getStatus();
    if (before != null && before.approval() != null) {
      return before.approval();
    }
    if (version.getSpec().stage() != RequestedStage.Production) {
      return null;
    }
    var annotations = version.getMetadata().getAnnotations();
    String approver =
        annotations == null ? null : annotations.get(ModelVersionResources.APPROVED_BY_ANNOTATION);
    return new Approval(Objects.requireNonNullElse(approver, "unknown"), now.toString());
  }

  private static StagePlan plan(
      Stage stage,
      String reason,
      String message,
      List<PolicyCheck> checks,
      Comparison comparison,
      Approval approval,
      Action action,
      boolean settled) {
    return new StagePlan(stage, reason, message, checks, comparison, approval, action, settled);
  }
}
