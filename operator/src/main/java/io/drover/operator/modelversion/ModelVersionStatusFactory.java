package io.drover.operator.modelversion;

import io.drover.operator.api.common.Conditions;
import io.drover.operator.api.common.MetricValue;
import io.drover.operator.api.common.Stage;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.modelversion.ModelVersionStatus;
import io.drover.operator.status.ConditionSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Turns a stage plan into the version's next status. */
final class ModelVersionStatusFactory {

  static final String AWAITING_APPROVAL = "AwaitingApproval";

  private ModelVersionStatusFactory() {}

  static ModelVersionStatus next(ModelVersion version, StagePlan plan, Instant now) {
    ModelVersionStatus before = version.getStatus();
    long generation = Optional.ofNullable(version.getMetadata().getGeneration()).orElse(1L);
    boolean stalled = plan.stalled();
    boolean ready = plan.settled() && !stalled;
    var conditions =
        new ConditionSet(before == null ? null : before.conditions(), generation, now)
            .set(Conditions.READY, ready, plan.reason(), plan.message())
            .set(
                Conditions.RECONCILING,
                !plan.settled() && !plan.awaitingApproval(),
                plan.reason(),
                plan.message())
            .set(Conditions.STALLED, stalled, plan.reason(), plan.message())
            .set(AWAITING_APPROVAL, plan.awaitingApproval(), plan.reason(), plan.message())
            .build();
    boolean stageChanged = before == null || before.stage() != plan.stage();
    return new ModelVersionStatus(
        plan.stage(),
        stageChanged ? now.toString() : before.stageTime(),
        plan.message(),
        objective(version),
        plan.checks(),
        plan.comparison(),
        plan.approval(),
        conditions,
        generation);
  }

  /** The status of a former Production version once another holds the registry record. */
  static ModelVersionStatus archived(ModelVersion version, String replacedBy, Instant now) {
    StagePlan plan =
        new StagePlan(
            Stage.Archived,
            "Archived",
            "replaced in Production by " + replacedBy,
            version.getStatus() == null ? null : version.getStatus().policyChecks(),
            version.getStatus() == null ? null : version.getStatus().comparison(),
            version.getStatus() == null ? null : version.getStatus().approval(),
            StagePlan.Action.NONE,
            true);
    return next(version, plan, now);
  }

  private static MetricValue objective(ModelVersion version) {
    String metric = ComparisonProgress.decider(version).metric();
    Double value =
        version.getSpec().metrics() == null ? null : version.getSpec().metrics().get(metric);
    return Objects.isNull(value) ? null : new MetricValue(metric, value);
  }
}
