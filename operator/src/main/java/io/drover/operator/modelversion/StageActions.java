package io.drover.operator.modelversion;

import io.drover.operator.api.common.Stage;
import io.drover.operator.api.modelversion.Artifact.ModelFormat;
import io.drover.operator.api.modelversion.Comparison;
import io.drover.operator.api.modelversion.ModelVersion;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Carries out a stage plan's action and returns the plan as it turned out. */
final class StageActions {

  private final ComparisonJobBuilder comparisons;
  private final StageAnnouncer announcer;

  StageActions(ComparisonJobBuilder comparisons, StageAnnouncer announcer) {
    this.comparisons = comparisons;
    this.announcer = announcer;
  }

  StagePlan apply(
      ModelVersion version,
      StagePlan plan,
      Optional<ModelVersion> production,
      Optional<Job> job,
      KubernetesClient client,
      Instant now) {
    String namespace = version.getMetadata().getNamespace();
    String model = version.getSpec().model();
    String self = version.getMetadata().getName();
    switch (plan.action()) {
      case COMPARE -> {
        if (production.isEmpty()) {
          return plan;
        }
        if (version.getSpec().artifact().format() != null
            && version.getSpec().artifact().format() != ModelFormat.DroverMlp) {
          return failedComparison(
              plan,
              production.get(),
              "the built-in evaluator reads DroverMlp"
                  + " bundles; compare other formats outside Drover and set spec.stage by hand");
        }
        if (job.isPresent()) {
          // A comparison against an earlier Production version: start over.
          client.resource(job.get()).delete();
        } else {
          createIgnoringConflict(client, comparisons.build(version, production.get()));
        }
        return plan;
      }
      case PROMOTE -> {
        Optional<String> expected = production.map(p -> p.getMetadata().getName());
        if (!ProductionRegistry.promote(client, namespace, model, expected, self, now)) {
          return plan; // another promotion moved first; decide again against the new holder
        }
        production.ifPresent(previous -> archive(previous, self, client, now));
        return new StagePlan(
            Stage.Production,
            "Production",
            "promoted to Production" + expected.map(n -> ", replacing " + n).orElse(""),
            plan.checks(),
            plan.comparison(),
            plan.approval(),
            StagePlan.Action.NONE,
            true);
      }
      case RELEASE -> {
        ProductionRegistry.release(client, namespace, model, self, now);
        return new StagePlan(
            Stage.Archived,
            "Archived",
            "archived on request; " + model + " has no Production version now",
            plan.checks(),
            plan.comparison(),
            plan.approval(),
            StagePlan.Action.NONE,
            true);
      }
      default -> {
        return plan;
      }
    }
  }

  /**
   * The former Production version is marked Archived before this one reports Production, so at no
   * moment do two statuses claim Production.
   */
  private void archive(
      ModelVersion previous, String successor, KubernetesClient client, Instant now) {
    ModelVersion fresh = client.resource(previous).get();
    if (fresh == null
        || fresh.getStatus() == null
        || fresh.getStatus().stage() != Stage.Production) {
      return;
    }
    fresh.setStatus(ModelVersionStatusFactory.archived(fresh, successor, now));
    client.resource(fresh).updateStatus();
    announcer.announce(fresh, fresh.getStatus());
  }

  private static StagePlan failedComparison(StagePlan plan, ModelVersion production, String why) {
    Comparison failed =
        new Comparison(
            production.getMetadata().getName(),
            null,
            null,
            ComparisonVerdicts.FAILED,
            List.of(),
            null,
            why);
    return new StagePlan(
        plan.stage(),
        "ComparisonFailed",
        why,
        plan.checks(),
        failed,
        plan.approval(),
        StagePlan.Action.NONE,
        true);
  }

  private static void createIgnoringConflict(KubernetesClient client, HasMetadata object) {
    try {
      client.resource(object).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }
}
