package io.drover.operator.modelversion;

import io.drover.operator.api.common.Stage;
import io.drover.operator.api.modelversion.Artifact.ModelFormat;
import io.drover.operator.api.modelversion.Comparison;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.modelversion.ModelVersionStatus;
import io.drover.operator.config.TrainingConfig;
import io.drover.operator.events.EventRecorder;
import io.drover.operator.kubernetes.FinishedJobs;
import io.drover.operator.metrics.OperatorMetrics;
import io.drover.operator.notifications.Notification;
import io.drover.operator.notifications.WebhookNotifier;
import io.drover.operator.trainingrun.TrainingRunResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps the model registry: evaluates each ModelVersion's policy, compares it with the Production
 * version on the same test data, and moves it through the stages with exactly one Production
 * version per model. Observe (registry record, Production version, comparison Job), decide ({@link
 * StagePlanner}), apply (comparison Job, registry record), report (status, events, webhook).
 */
@ControllerConfiguration(name = ModelVersionReconciler.NAME)
@RBACRule(
    apiGroups = "batch",
    resources = "jobs",
    verbs = {"get", "list", "watch", "create", "delete"})
@RBACRule(
    apiGroups = "",
    resources = "pods",
    verbs = {"get", "list", "watch"})
@RBACRule(
    apiGroups = "",
    resources = "configmaps",
    verbs = {"get", "list", "watch", "create", "patch"})
@RBACRule(
    apiGroups = "",
    resources = "secrets",
    resourceNames = "drover-notifications",
    verbs = {"get"})
@RBACRule(
    apiGroups = "",
    resources = "events",
    verbs = {"create"})
public class ModelVersionReconciler implements Reconciler<ModelVersion> {

  public static final String NAME = "modelversion";

  /** Names the ModelVersion a comparison Job works for. */
  static final String VERSION_ANNOTATION = "drover.io/model-version";

  private final ComparisonJobBuilder comparisons;
  private final EventRecorder events;
  private final WebhookNotifier webhook;
  private final OperatorMetrics metrics;
  private final Clock clock;

  public ModelVersionReconciler(
      TrainingConfig config,
      EventRecorder events,
      WebhookNotifier webhook,
      OperatorMetrics metrics,
      Clock clock) {
    this.comparisons = new ComparisonJobBuilder(config.trainerImage(), config.runAsUser());
    this.events = events;
    this.webhook = webhook;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, ModelVersion>> prepareEventSources(
      EventSourceContext<ModelVersion> context) {
    String selector =
        TrainingRunResources.MANAGED_SELECTOR
            + ","
            + TrainingRunResources.COMPONENT_LABEL
            + "="
            + ComparisonJobBuilder.COMPONENT;
    var jobs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, ModelVersion.class)
                .withName("comparison-jobs")
                .withLabelSelector(selector)
                .withSecondaryToPrimaryMapper(ModelVersionReconciler::versionOf)
                .build(),
            context);
    var pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, ModelVersion.class)
                .withName("comparison-pods")
                .withLabelSelector(selector)
                .withSecondaryToPrimaryMapper(ModelVersionReconciler::versionOf)
                .build(),
            context);
    // A move of the Production record concerns the versions it names now and named before.
    var registry =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ConfigMap.class, ModelVersion.class)
                .withName("registry")
                .withLabelSelector(
                    TrainingRunResources.MANAGED_SELECTOR
                        + ","
                        + TrainingRunResources.COMPONENT_LABEL
                        + "=registry")
                .withSecondaryToPrimaryMapper(
                    record ->
                        ProductionRegistry.concerned(record).stream()
                            .map(name -> new ResourceID(name, record.getMetadata().getNamespace()))
                            .collect(Collectors.toSet()))
                .build(),
            context);
    return List.of(jobs, pods, registry);
  }

  @Override
  public UpdateControl<ModelVersion> reconcile(ModelVersion version, Context<ModelVersion> context)
      throws Exception {
    return metrics.timeReconcile("ModelVersion", () -> reconcileVersion(version, context));
  }

  private UpdateControl<ModelVersion> reconcileVersion(
      ModelVersion version, Context<ModelVersion> context) {
    KubernetesClient client = context.getClient();
    Instant now = clock.instant();
    String namespace = version.getMetadata().getNamespace();
    String model = version.getSpec().model();
    String self = version.getMetadata().getName();

    Optional<String> holder = ProductionRegistry.production(client, namespace, model);
    Optional<ModelVersion> production =
        holder
            .filter(name -> !name.equals(self))
            .map(
                name ->
                    client
                        .resources(ModelVersion.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .get());
    Optional<Job> job = comparisonJob(version, context);
    Comparison comparison = observeComparison(version, production, job, context, now);

    StagePlan plan =
        StagePlanner.plan(version, production, holder.equals(Optional.of(self)), comparison, now);
    plan = apply(version, plan, production, job, client, now);
    report(version, plan, context, now);
    return plan.action() == StagePlan.Action.PROMOTE
        ? UpdateControl.<ModelVersion>noUpdate().rescheduleAfter(Duration.ofSeconds(2))
        : UpdateControl.noUpdate();
  }

  /**
   * The comparison as the Job tells it now, or as status last recorded it. The Job is read against
   * the version it names, which may have left Production since.
   */
  private static Comparison observeComparison(
      ModelVersion version,
      Optional<ModelVersion> production,
      Optional<Job> job,
      Context<ModelVersion> context,
      Instant now) {
    Comparison recorded = version.getStatus() == null ? null : version.getStatus().comparison();
    if (job.isEmpty()) {
      return recorded;
    }
    String comparedWith = comparedWith(job.get());
    boolean recordedThisJob =
        recorded != null
            && recorded.completionTime() != null
            && Objects.equals(recorded.productionVersion(), comparedWith);
    if (recordedThisJob) {
      return recorded;
    }
    Optional<ModelVersion> against =
        production
            .filter(p -> p.getMetadata().getName().equals(comparedWith))
            .or(
                () ->
                    Optional.ofNullable(comparedWith)
                        .map(
                            name ->
                                context
                                    .getClient()
                                    .resources(ModelVersion.class)
                                    .inNamespace(version.getMetadata().getNamespace())
                                    .withName(name)
                                    .get()));
    if (against.isEmpty()) {
      return recorded;
    }
    return ComparisonProgress.observe(
        version, against.get(), job.get(), FinishedJobs.pods(job.get(), context), now);
  }

  /** The comparison Job, from the cache or, when the cache has not seen it yet, the API. */
  private static Optional<Job> comparisonJob(ModelVersion version, Context<ModelVersion> context) {
    return context
        .getSecondaryResource(Job.class, "comparison-jobs")
        .or(
            () ->
                Optional.ofNullable(
                    context
                        .getClient()
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(version.getMetadata().getNamespace())
                        .withName(ModelVersionResources.comparisonJobName(version))
                        .get()));
  }

  private static String comparedWith(Job job) {
    var annotations = job.getMetadata().getAnnotations();
    return annotations == null
        ? null
        : annotations.get(ComparisonJobBuilder.COMPARED_WITH_ANNOTATION);
  }

  private StagePlan apply(
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
    announce(fresh, fresh.getStatus());
  }

  private void report(
      ModelVersion version, StagePlan plan, Context<ModelVersion> context, Instant now) {
    ModelVersionStatus before = version.getStatus();
    ModelVersionStatus next = ModelVersionStatusFactory.next(version, plan, now);
    if (next.equals(before)) {
      return;
    }
    version.setStatus(next);
    context.resourceOperations().updatePrimaryStatus(version);
    if (before == null
        || before.stage() != next.stage()
        || (plan.awaitingApproval() && !wasAwaitingApproval(before))) {
      announce(version, next);
    }
  }

  private void announce(ModelVersion version, ModelVersionStatus status) {
    String stage = status.stage().name();
    boolean awaiting =
        status.conditions().stream()
            .anyMatch(
                c ->
                    ModelVersionStatusFactory.AWAITING_APPROVAL.equals(c.getType())
                        && "True".equals(c.getStatus()));
    if (status.stage() == Stage.Rejected) {
      events.warning(version, "Rejected", status.message());
    } else {
      events.normal(version, awaiting ? "AwaitingApproval" : stage, status.message());
    }
    if (status.stage() == Stage.Rejected
        || status.stage() == Stage.Staging
        || status.stage() == Stage.Production) {
      webhook.send(
          new Notification(
              stage,
              version.getKind(),
              version.getMetadata().getNamespace(),
              version.getMetadata().getName(),
              version.getSpec().model(),
              version.getSpec().version(),
              status.message(),
              clock.instant().toString()));
    }
  }

  private static boolean wasAwaitingApproval(ModelVersionStatus status) {
    return status != null
        && status.conditions() != null
        && status.conditions().stream()
            .anyMatch(
                c ->
                    ModelVersionStatusFactory.AWAITING_APPROVAL.equals(c.getType())
                        && "True".equals(c.getStatus()));
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

  private static Set<ResourceID> versionOf(HasMetadata owned) {
    var annotations = owned.getMetadata().getAnnotations();
    String version = annotations == null ? null : annotations.get(VERSION_ANNOTATION);
    return version == null
        ? Set.of()
        : Set.of(new ResourceID(version, owned.getMetadata().getNamespace()));
  }
}
