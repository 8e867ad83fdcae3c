package io.drover.operator.modelversion;

import io.drover.operator.api.modelversion.Comparison;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.modelversion.ModelVersionStatus;
import io.drover.operator.config.StorageConfig;
import io.drover.operator.config.TrainingConfig;
import io.drover.operator.events.EventRecorder;
import io.drover.operator.kubernetes.DroverLabels;
import io.drover.operator.kubernetes.ObjectStorageAccess;
import io.drover.operator.metrics.OperatorMetrics;
import io.drover.operator.notifications.WebhookNotifier;
import io.drover.operator.registry.ProductionRegistry;
import io.drover.operator.registry.RegistryItemStore;
import io.drover.operator.status.ReconcileErrors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
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
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the model registry: evaluates each ModelVersion's policy, compares it with the Production
 * version on the same test data, and moves it through the stages with exactly one Production
 * version per model. Observe (registry record, Production version, comparison Job), decide ({@link
 * StagePlanner}), apply (comparison Job, registry record), report (status, events, webhook).
 */
// The registry's own cache shares its objects with the other controllers' caches of it.
@ControllerConfiguration(
    name = ModelVersionReconciler.NAME,
    informer = @Informer(itemStore = RegistryItemStore.class))
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

  private final StageActions actions;
  private final StageAnnouncer announcer;
  private final OperatorMetrics metrics;
  private final Clock clock;

  public ModelVersionReconciler(
      TrainingConfig config,
      StorageConfig storage,
      EventRecorder events,
      WebhookNotifier webhook,
      OperatorMetrics metrics,
      Clock clock) {
    this.announcer = new StageAnnouncer(events, webhook, clock);
    this.actions =
        new StageActions(
            new ComparisonJobBuilder(
                config.trainerImage(), config.runAsUser(), new ObjectStorageAccess(storage)),
            announcer);
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, ModelVersion>> prepareEventSources(
      EventSourceContext<ModelVersion> context) {
    String selector =
        DroverLabels.MANAGED_SELECTOR
            + ","
            + DroverLabels.COMPONENT_LABEL
            + "="
            + ComparisonJobBuilder.COMPONENT;
    var jobs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, ModelVersion.class)
                .withName(ComparisonJobs.EVENT_SOURCE)
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
    var records =
        ProductionRegistry.informer(
            "registry", ModelVersion.class, ProductionRegistry::concerned, context);
    actions.use(new ProductionRegistry(context.getClient(), records), jobs);
    return List.of(jobs, pods, records);
  }

  @Override
  public UpdateControl<ModelVersion> reconcile(ModelVersion version, Context<ModelVersion> context)
      throws Exception {
    return metrics.timeReconcile("ModelVersion", () -> reconcileVersion(version, context));
  }

  private UpdateControl<ModelVersion> reconcileVersion(
      ModelVersion version, Context<ModelVersion> context) {
    Instant now = clock.instant();
    String self = version.getMetadata().getName();

    ProductionView production = actions.production(version, context);
    Optional<Job> job = ComparisonJobs.find(version, context);
    Comparison comparison =
        ComparisonJobs.observe(version, production.version(), job, context, now);

    StagePlan plan =
        StagePlanner.plan(
            version,
            production.version(),
            production.recorded().equals(Optional.of(self)),
            comparison,
            now);
    plan = actions.apply(version, plan, production, job, context, now);
    report(version, plan, context, now);
    return plan.action() == StagePlan.Action.PROMOTE
        ? UpdateControl.<ModelVersion>noUpdate().rescheduleAfter(Duration.ofSeconds(2))
        : UpdateControl.noUpdate();
  }

  /**
   * A reconcile that failed is retried; until it succeeds, Reconciling (or, after the last retry,
   * Stalled) says what failed, next to the stage the version had reached.
   */
  @Override
  public ErrorStatusUpdateControl<ModelVersion> updateErrorStatus(
      ModelVersion version, Context<ModelVersion> context, Exception e) {
    if (version.getStatus() == null) {
      version.setStatus(
          new ModelVersionStatus(null, null, null, null, null, null, null, null, null));
    }
    long generation = Optional.ofNullable(version.getMetadata().getGeneration()).orElse(1L);
    version.setStatus(
        version
            .getStatus()
            .withConditions(
                ReconcileErrors.conditions(
                    version.getStatus().conditions(),
                    generation,
                    e,
                    context.getRetryInfo(),
                    clock.instant())));
    ReconcileErrors.write(version, context);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private void report(
      ModelVersion version, StagePlan plan, Context<ModelVersion> context, Instant now) {
    ModelVersionStatus before = version.getStatus();
    ModelVersionStatus next = ModelVersionStatusFactory.next(version, plan, now);
    if (next.equals(before)) {
      return;
    }
    version.setStatus(next);
    ModelVersion written = context.resourceOperations().updatePrimaryStatus(version);
    version.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
    announcer.changed(version, before, next);
  }

  private static Set<ResourceID> versionOf(HasMetadata owned) {
    var annotations = owned.getMetadata().getAnnotations();
    String version = annotations == null ? null : annotations.get(VERSION_ANNOTATION);
    return version == null
        ? Set.of()
        : Set.of(new ResourceID(version, owned.getMetadata().getNamespace()));
  }
}
