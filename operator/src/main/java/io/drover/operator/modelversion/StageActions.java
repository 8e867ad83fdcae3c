package io.drover.operator.modelversion;

import io.drover.operator.api.common.Stage;
import io.drover.operator.api.modelversion.Artifact.ModelFormat;
import io.drover.operator.api.modelversion.Comparison;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.registry.ProductionRegistry;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Observes the registry for a version and carries out a stage plan's action, returning the plan as
 * it turned out. Reads come from the informer caches (the versions, the registry records, the
 * comparison Jobs); the registry's compare-and-swap on the API decides every move.
 */
final class StageActions {

  private final ComparisonJobBuilder comparisons;
  private final StageAnnouncer announcer;
  private ProductionRegistry registry;
  private InformerEventSource<Job, ModelVersion> jobs;

  StageActions(ComparisonJobBuilder comparisons, StageAnnouncer announcer) {
    this.comparisons = comparisons;
    this.announcer = announcer;
  }

  /** The caches, once the controller's event sources exist. */
  void use(ProductionRegistry registry, InformerEventSource<Job, ModelVersion> jobs) {
    this.registry = registry;
    this.jobs = jobs;
  }

  /**
   * The model's Production version for {@code version}. A holder missing from the cache is looked
   * up on the API once before it counts as deleted.
   */
  ProductionView production(ModelVersion version, Context<ModelVersion> context) {
    String namespace = version.getMetadata().getNamespace();
    Optional<String> recorded = registry.holder(namespace, version.getSpec().model());
    Optional<ModelVersion> holder =
        recorded
            .filter(name -> !name.equals(version.getMetadata().getName()))
            .flatMap(
                name ->
                    context
                        .getPrimaryCache()
                        .get(new ResourceID(name, namespace))
                        .or(
                            () ->
                                Optional.ofNullable(
                                    context
                                        .getClient()
                                        .resources(ModelVersion.class)
                                        .inNamespace(namespace)
                                        .withName(name)
                                        .get())));
    return new ProductionView(recorded, holder);
  }

  StagePlan apply(
      ModelVersion version,
      StagePlan plan,
      ProductionView production,
      Optional<Job> job,
      Context<ModelVersion> context,
      Instant now) {
    KubernetesClient client = context.getClient();
    String namespace = version.getMetadata().getNamespace();
    String model = version.getSpec().model();
    String self = version.getMetadata().getName();
    switch (plan.action()) {
      case COMPARE -> {
        if (production.version().isEmpty()) {
          return plan;
        }
        if (version.getSpec().artifact().format() != null
            && version.getSpec().artifact().format() != ModelFormat.DroverMlp) {
          return failedComparison(
              plan,
              production.version().get(),
              "the built-in evaluator reads DroverMlp"
                  + " bundles; compare other formats outside Drover and set spec.stage by hand");
        }
        if (job.isPresent()) {
          // A comparison against an earlier Production version: start over.
          client.resource(job.get()).delete();
        } else {
          createIgnoringConflict(context, comparisons.build(version, production.version().get()));
        }
        return plan;
      }
      case PROMOTE -> {
        Optional<String> expected = production.recorded();
        ProductionRegistry.Move move = registry.promote(namespace, model, expected, self, now);
        if (!move.moved()) {
          // Another promotion moved first: decide again against the new holder, saying so.
          return new StagePlan(
              plan.stage(),
              "ProductionMoved",
              "the Production record of %s names %s, not %s as when this version was compared;"
                      .formatted(model, move.holder().orElse("no version"), expected.orElse("none"))
                  + " deciding again",
              plan.checks(),
              plan.comparison(),
              plan.approval(),
              StagePlan.Action.PROMOTE,
              false);
        }
        archiveOthers(version, context, now);
        String replaced =
            production.dangling()
                ? ", replacing deleted " + expected.get()
                : expected.map(n -> ", replacing " + n).orElse("");
        return new StagePlan(
            Stage.Production,
            "Production",
            "promoted to Production" + replaced,
            plan.checks(),
            plan.comparison(),
            plan.approval(),
            StagePlan.Action.NONE,
            true);
      }
      case CLAIM -> {
        archiveOthers(version, context, now);
        return plan.withAction(StagePlan.Action.NONE);
      }
      case RELEASE -> {
        registry.release(namespace, model, self, now);
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
   * Every other version of the model whose status still claims Production is marked Archived before
   * this one reports Production, so at no moment do two statuses claim it — also when an operator
   * stopped between moving the record and archiving.
   */
  private void archiveOthers(ModelVersion version, Context<ModelVersion> context, Instant now) {
    String self = version.getMetadata().getName();
    List<ModelVersion> claimants =
        context
            .getPrimaryCache()
            .list(
                version.getMetadata().getNamespace(),
                v ->
                    !v.getMetadata().getName().equals(self)
                        && version.getSpec().model().equals(v.getSpec().model())
                        && v.getStatus() != null
                        && v.getStatus().stage() == Stage.Production)
            .toList();
    for (ModelVersion claimant : claimants) {
      ModelVersion fresh = context.getClient().resource(claimant).get();
      if (fresh == null
          || fresh.getStatus() == null
          || fresh.getStatus().stage() != Stage.Production) {
        continue;
      }
      fresh.setStatus(ModelVersionStatusFactory.archived(fresh, self, now));
      context.getClient().resource(fresh).updateStatus();
      announcer.announce(fresh, fresh.getStatus());
    }
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

  /** Created through the Job cache, so the next reconcile sees the Job without asking the API. */
  private void createIgnoringConflict(Context<ModelVersion> context, Job job) {
    try {
      context.resourceOperations().create(job, jobs);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }
}
