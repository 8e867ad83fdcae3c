package io.drover.operator.inferenceservice;

import io.drover.contract.serving.WakeRequest;
import io.drover.operator.api.common.Conditions;
import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.MonitoringStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RetrainingCycle;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RolloutPhase;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingState;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VersionMonitoring;
import io.drover.operator.api.inferenceservice.Retraining;
import io.drover.operator.api.inferenceservice.Scaling;
import io.drover.operator.api.inferenceservice.ServingRuntime;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.config.ServingConfig;
import io.drover.operator.config.StorageConfig;
import io.drover.operator.events.EventRecorder;
import io.drover.operator.inferenceservice.dataplane.DataPlane;
import io.drover.operator.inferenceservice.dataplane.MonitoringSources;
import io.drover.operator.inferenceservice.retraining.RegisteredVersion;
import io.drover.operator.inferenceservice.retraining.RetrainingInput;
import io.drover.operator.inferenceservice.retraining.RetrainingPlan;
import io.drover.operator.inferenceservice.retraining.RetrainingPlanner;
import io.drover.operator.inferenceservice.retraining.RetrainingRunBuilder;
import io.drover.operator.inferenceservice.retraining.RunObservation;
import io.drover.operator.inferenceservice.retraining.ServingState;
import io.drover.operator.inferenceservice.rollout.Announcement;
import io.drover.operator.inferenceservice.rollout.ReplicaBudget;
import io.drover.operator.inferenceservice.rollout.RolloutDecision;
import io.drover.operator.inferenceservice.rollout.RolloutInput;
import io.drover.operator.inferenceservice.rollout.RolloutPlanner;
import io.drover.operator.inferenceservice.rollout.ServingObservation;
import io.drover.operator.inferenceservice.rollout.VariantHealth;
import io.drover.operator.inferenceservice.scaling.AutoscalerChoice;
import io.drover.operator.inferenceservice.scaling.ComputeUse;
import io.drover.operator.inferenceservice.scaling.ScalingInput;
import io.drover.operator.inferenceservice.scaling.ScalingPlan;
import io.drover.operator.inferenceservice.scaling.ScalingPlanner;
import io.drover.operator.kubernetes.DroverLabels;
import io.drover.operator.kubernetes.ObjectStorageAccess;
import io.drover.operator.metrics.OperatorMetrics;
import io.drover.operator.notifications.Notification;
import io.drover.operator.notifications.WebhookNotifier;
import io.drover.operator.registry.RegistryItemStore;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Serves each InferenceService: one model-server Deployment and Service per live version, a router
 * in front with the routing table it follows, and a NetworkPolicy so clients only reach the servers
 * through it; and rolls a new version out by the rollout state machine. Observe (the registry's
 * ModelVersions, the serving objects' health, and — when the decision needs them — the smoke test
 * and the router's and servers' figures, and every monitoring interval the live versions' figures),
 * decide (scaling by {@link ScalingPlanner}, retraining by {@link RetrainingPlanner}, the rollout
 * by {@link RolloutPlanner}), persist the decided status, apply the serving objects it implies
 * ({@link ServingApplier}) and create a retraining cycle's TrainingRun, report (Events, webhook,
 * gauges).
 */
// Not generation-aware: the router's wake-up is an annotation; ServiceChanges lets it through.
@ControllerConfiguration(
    name = InferenceServiceReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = ServiceChanges.class))
@RBACRule(
    apiGroups = "apps",
    resources = "deployments",
    verbs = {"get", "list", "watch", "create", "update", "delete"})
@RBACRule(
    apiGroups = "",
    resources = {"services", "configmaps", "serviceaccounts"},
    verbs = {"get", "list", "watch", "create", "update", "delete"})
@RBACRule(
    apiGroups = "rbac.authorization.k8s.io",
    resources = {"roles", "rolebindings"},
    verbs = {"get", "list", "watch", "create", "update", "delete"})
@RBACRule(
    apiGroups = "networking.k8s.io",
    resources = "networkpolicies",
    verbs = {"get", "list", "watch", "create", "update", "delete"})
@RBACRule(
    apiGroups = "",
    resources = "pods",
    verbs = {"get", "list", "watch"})
@RBACRule(
    apiGroups = "autoscaling",
    resources = "horizontalpodautoscalers",
    verbs = {"get", "list", "watch", "create", "update", "delete"})
@RBACRule(
    apiGroups = "keda.sh",
    resources = "scaledobjects",
    verbs = {"get", "list", "create", "update", "delete"})
@RBACRule(
    apiGroups = "apiextensions.k8s.io",
    resources = "customresourcedefinitions",
    resourceNames = AutoscalerChoice.KEDA_CRD,
    verbs = {"get"})
@RBACRule(
    apiGroups = "drover.io",
    resources = "modelversions",
    verbs = {"get", "list", "watch"})
@RBACRule(
    apiGroups = "drover.io",
    resources = "trainingruns",
    verbs = {"get", "list", "watch", "create"})
@RBACRule(
    apiGroups = "",
    resources = "secrets",
    resourceNames = "drover-notifications",
    verbs = {"get"})
@RBACRule(
    apiGroups = "",
    resources = "events",
    verbs = {"create"})
public class InferenceServiceReconciler implements Reconciler<InferenceService> {

  public static final String NAME = "inferenceservice";
  static final String MODEL_INDEX = "model";

  private final ServingConfig config;
  private final ServingApplier applier;
  private final ServingReads reads;
  private final EventRecorder events;
  private final WebhookNotifier webhook;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final KedaPresence keda = new KedaPresence();
  private ServingApplier.Sources sources;
  private InformerEventSource<Pod, InferenceService> pods;
  private InformerEventSource<ModelVersion, InferenceService> modelVersions;
  private InformerEventSource<TrainingRun, InferenceService> retrainingRuns;
  private final RetrainingRunBuilder runBuilder =
      new RetrainingRunBuilder(InferenceServiceResources.SERVICE_LABEL);

  public InferenceServiceReconciler(
      ServingConfig config,
      StorageConfig storage,
      DataPlane dataPlane,
      MonitoringSources monitoringSources,
      EventRecorder events,
      WebhookNotifier webhook,
      OperatorMetrics metrics,
      Clock clock) {
    this.config = config;
    this.applier =
        new ServingApplier(
            new ModelServerBuilder(config, new ObjectStorageAccess(storage)),
            new RouterBuilder(config),
            config.operatorNamespace());
    this.reads = new ServingReads(dataPlane, monitoringSources);
    this.events = events;
    this.webhook = webhook;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, InferenceService>> prepareEventSources(
      EventSourceContext<InferenceService> context) {
    IndexerResourceCache<InferenceService> services = context.getPrimaryCache();
    services.addIndexer(
        MODEL_INDEX,
        service -> List.of(modelKey(service.getMetadata().getNamespace(), model(service))));
    sources =
        new ServingApplier.Sources(
            children(Deployment.class, context),
            children(Service.class, context),
            children(ConfigMap.class, context),
            children(ServiceAccount.class, context),
            children(Role.class, context),
            children(RoleBinding.class, context),
            children(NetworkPolicy.class, context),
            children(HorizontalPodAutoscaler.class, context));
    pods = children(Pod.class, context);
    retrainingRuns = children(TrainingRun.class, context);
    // A ModelVersion concerns every service of its model: a new Production version rolls out.
    modelVersions =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ModelVersion.class, InferenceService.class)
                .withItemStore(new RegistryItemStore())
                .withSecondaryToPrimaryMapper(
                    version ->
                        version.getSpec() == null
                            ? Set.of()
                            : services
                                .byIndex(
                                    MODEL_INDEX,
                                    modelKey(
                                        version.getMetadata().getNamespace(),
                                        version.getSpec().model()))
                                .stream()
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                .build(),
            context);
    // A service reads its model's versions at every reconcile: by index, not by a scan of the
    // whole registry.
    modelVersions.addIndexers(
        Map.of(
            MODEL_INDEX,
            version ->
                version.getSpec() == null
                    ? List.of()
                    : List.of(
                        modelKey(
                            version.getMetadata().getNamespace(), version.getSpec().model()))));
    return List.of(
        sources.deployments(),
        sources.services(),
        sources.configMaps(),
        sources.serviceAccounts(),
        sources.roles(),
        sources.roleBindings(),
        sources.networkPolicies(),
        sources.autoscalers(),
        pods,
        retrainingRuns,
        modelVersions);
  }

  @Override
  public UpdateControl<InferenceService> reconcile(
      InferenceService service, Context<InferenceService> context) throws Exception {
    return metrics.timeReconcile("InferenceService", () -> reconcileService(service, context));
  }

  private UpdateControl<InferenceService> reconcileService(
      InferenceService service, Context<InferenceService> context) {
    Instant now = clock.instant();
    String namespace = service.getMetadata().getNamespace();
    String model = model(service);
    List<ModelVersion> versions = modelVersions.byIndex(MODEL_INDEX, modelKey(namespace, model));
    // Children by the service's index (their annotation), not by a scan of the namespace.
    List<Deployment> deployments =
        List.copyOf(sources.deployments().getSecondaryResources(service));
    List<Pod> servicePods = List.copyOf(pods.getSecondaryResources(service));
    ServingObservation observed =
        ServingObserver.observe(
            deployments, servicePods, InferenceServiceResources.routerName(service));

    ScalingPlan scaling = scaling(service, servicePods, observed, context, now);
    InferenceServiceStatus before = service.getStatus();
    MonitoringStatus monitoring = before == null ? null : before.monitoring();
    Optional<VersionMonitoring> stableReading = Optional.empty();
    if (ServingReads.monitoringDue(service, now)) {
      monitoring =
          metrics.timeDataPlane("monitoring", () -> reads.monitoring(service, servicePods, now));
      stableReading = figuresOf(monitoring, before.stable());
    }
    RetrainingPlan retraining =
        RetrainingPlanner.plan(retrainingInput(service, stableReading, versions, now));
    RolloutPlanner.Needs needs = RolloutPlanner.needs(service, observed, now);
    RolloutInput input =
        new RolloutInput(
            service,
            ModelReferences.resolve(service.getSpec().model(), versions),
            observed,
            needs.smokeTest()
                ? Optional.of(
                    metrics.timeDataPlane(
                        "smokeTest",
                        () ->
                            reads.smokeTest(
                                service, context.getClient(), servicePods, versions, now)))
                : Optional.empty(),
            needs.evidence()
                ? Optional.of(
                    metrics.timeDataPlane("metadata", () -> reads.evidence(service, servicePods)))
                : Optional.empty(),
            needs.figures()
                ? Optional.of(
                    metrics.timeDataPlane("figures", () -> reads.figures(service, servicePods)))
                : Optional.empty(),
            scaling,
            monitoring,
            retraining.status(),
            retraining.problem(),
            now);
    RolloutDecision decision = RolloutPlanner.plan(input);

    // The outcome is persisted before it is acted on: a restart resumes from the status.
    InferenceService current = service;
    RolloutPhase phaseBefore = phaseOf(before);
    if (!decision.status().equals(before)) {
      service.setStatus(decision.status());
      current = context.resourceOperations().updatePrimaryStatus(service);
    }
    // Told and counted once the decision is recorded, even if applying it fails and is retried.
    announce(current, scaling.announcements(), now);
    announce(current, retraining.announcements(), now);
    announce(current, decision.announcements(), now);
    String name = service.getMetadata().getName();
    metrics.computeSeconds(service.getKind(), namespace, name, scaling.counted());
    metrics.monitoring(namespace, name, monitoring, retraining.breakerOpen());
    metrics.keepServices(
        (ns, serviceName) ->
            context.getPrimaryCache().get(new ResourceID(serviceName, ns)).isPresent(),
        now);
    retraining.runsToCreate().stream()
        .filter(
            cycle ->
                before == null
                    || before.retraining() == null
                    || cycle.number()
                        > Objects.requireNonNullElse(before.retraining().cyclesStarted(), 0))
        .forEach(
            cycle -> metrics.retrainingStarted(namespace, name, cycle.trigger().reason().name()));
    RolloutPhase after = phaseOf(decision.status());
    if (after != null && after.isFinal() && after != phaseBefore) {
      metrics.rolloutEnded(after.name());
    }
    applier.apply(current, decision.status(), sources, context);
    Map<String, RunObservation> refused = new HashMap<>();
    for (RetrainingCycle cycle : retraining.runsToCreate()) {
      createRun(current, cycle, context).ifPresent(run -> refused.put(run.name(), run));
    }
    if (!refused.isEmpty()) {
      recordRefusals(current, versions, refused, context, now);
    }
    Duration wait =
        Stream.of(
                decision.requeueAfter(),
                scaling.requeue(),
                retraining.requeue(),
                ServingReads.nextReading(decision.status(), service, now))
            .flatMap(Optional::stream)
            .min(Duration::compareTo)
            .orElse(ScalingPlanner.LOOK_AT_LEAST_EVERY);
    return UpdateControl.<InferenceService>noUpdate().rescheduleAfter(wait);
  }

  /**
   * The runs the API refused fail their cycles now, counted towards the breaker like failed runs:
   * decided by the planner, from the refusals as observations, and persisted before the next
   * reconcile could try to create them again.
   */
  private void recordRefusals(
      InferenceService current,
      List<ModelVersion> versions,
      Map<String, RunObservation> refused,
      Context<InferenceService> context,
      Instant now) {
    RetrainingPlan again =
        RetrainingPlanner.plan(retrainingInput(current, Optional.empty(), versions, refused, now));
    current.setStatus(current.getStatus().withRetraining(again.status()));
    InferenceService recorded = context.resourceOperations().updatePrimaryStatus(current);
    announce(recorded, again.announcements(), now);
  }

  private RetrainingInput retrainingInput(
      InferenceService service,
      Optional<VersionMonitoring> stableReading,
      List<ModelVersion> versions,
      Instant now) {
    return retrainingInput(service, stableReading, versions, Map.of(), now);
  }

  /**
   * @param refused runs the API just refused to create, by name
   */
  private RetrainingInput retrainingInput(
      InferenceService service,
      Optional<VersionMonitoring> stableReading,
      List<ModelVersion> versions,
      Map<String, RunObservation> refused,
      Instant now) {
    InferenceServiceStatus status = service.getStatus();
    Map<String, RunObservation> runs = new HashMap<>(refused);
    retrainingRuns
        .getSecondaryResources(service)
        .forEach(
            run ->
                runs.put(
                    run.getMetadata().getName(),
                    new RunObservation(
                        run.getMetadata().getName(),
                        run.getMetadata().getUid(),
                        run.getStatus() == null ? null : run.getStatus().phase(),
                        run.getStatus() == null ? null : run.getStatus().modelVersion(),
                        run.getStatus() == null ? null : run.getStatus().message())));
    Map<String, RegisteredVersion> registered = new HashMap<>();
    for (ModelVersion version : versions) {
      registered.put(
          version.getMetadata().getName(),
          new RegisteredVersion(
              version.getMetadata().getName(),
              version.getStatus() == null ? null : version.getStatus().stage(),
              version.getStatus() == null ? null : version.getStatus().message()));
    }
    Map<String, String> rolledBack = new HashMap<>();
    if (status != null && status.failedVersions() != null) {
      status
          .failedVersions()
          .forEach(f -> rolledBack.put(f.modelVersion(), f.reason() + ": " + f.message()));
    }
    Map<String, String> annotations = service.getMetadata().getAnnotations();
    return new RetrainingInput(
        service.getSpec().retraining(),
        service.getSpec().monitoringOrDefault(),
        service.getMetadata().getName(),
        service.getMetadata().getGeneration() == null ? 0 : service.getMetadata().getGeneration(),
        annotations == null ? null : annotations.get(Retraining.RESET_ANNOTATION),
        status == null ? null : status.retraining(),
        stableReading,
        runs,
        registered,
        new ServingState(
            status == null || status.stable() == null ? null : status.stable().modelVersion(),
            status == null || status.candidate() == null ? null : status.candidate().modelVersion(),
            rolledBack),
        now);
  }

  /**
   * Creates a cycle's run; one that exists already (an earlier try, another replica) is kept.
   *
   * @return the refusal, when the API refused the run as invalid (400 or 422)
   */
  private Optional<RunObservation> createRun(
      InferenceService service, RetrainingCycle cycle, Context<InferenceService> context) {
    TrainingRun run = runBuilder.build(service, cycle);
    try {
      context.getClient().resource(run).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 400 || e.getCode() == 422) {
        String reason =
            e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        return Optional.of(RunObservation.refused(cycle.trainingRun(), reason));
      }
      if (e.getCode() != 409) {
        throw e;
      }
    }
    return Optional.empty();
  }

  private static Optional<VersionMonitoring> figuresOf(
      MonitoringStatus monitoring, VariantStatus stable) {
    if (monitoring == null || monitoring.versions() == null || stable == null) {
      return Optional.empty();
    }
    return monitoring.versions().stream()
        .filter(v -> Objects.equals(v.variant(), stable.variant()))
        .findFirst();
  }

  /**
   * Decides scaling before the rollout, which sizes the versions by it. Reads the router's last
   * request only when the stable could go idle, and KEDA's presence only when Concurrency is asked.
   */
  private ScalingPlan scaling(
      InferenceService service,
      List<Pod> servicePods,
      ServingObservation observed,
      Context<InferenceService> context,
      Instant now) {
    Scaling spec = service.getSpec().scalingOrDefault();
    InferenceServiceStatus status = service.getStatus();
    VariantStatus stable = status == null ? null : status.stable();
    boolean rolloutInProgress = status != null && status.candidate() != null;
    ScalingState state =
        status == null || status.scaling() == null ? null : status.scaling().state();
    boolean couldGoIdle =
        stable != null
            && spec.scalesToZero()
            && !rolloutInProgress
            && (state == null || state == ScalingState.Active);
    Optional<Instant> lastRequest =
        couldGoIdle
            ? metrics.timeDataPlane(
                "lastRequest", () -> reads.lastRequest(servicePods, stable.variant(), now))
            : Optional.empty();
    Map<String, String> annotations = service.getMetadata().getAnnotations();
    Optional<WakeRequest> wake =
        WakeRequest.parse(annotations == null ? null : annotations.get(WakeRequest.ANNOTATION));
    ServingRuntime runtime = service.getSpec().runtimeOrDefault();
    boolean requestsCpu = runtime.resources() != null && runtime.resources().cpu() != null;
    boolean concurrency =
        spec.autoscales() && spec.metricOrDefault() == Scaling.ScalingMetric.Concurrency;
    AutoscalerChoice autoscaler =
        AutoscalerChoice.of(
            spec, requestsCpu, concurrency && keda.installed(context.getClient(), now));
    int replicas =
        status == null
            ? 0
            : Stream.of(status.stable(), status.candidate(), status.previous())
                .filter(Objects::nonNull)
                .mapToInt(v -> v.replicas() == null ? 0 : v.replicas())
                .sum();
    double cpus =
        requestsCpu ? Quantity.getAmountInBytes(runtime.resources().cpu()).doubleValue() : 0;
    return ScalingPlanner.plan(
        new ScalingInput(
            spec,
            status == null ? null : status.scaling(),
            stable == null ? null : stable.version(),
            stable == null ? null : stable.variant(),
            stable == null ? VariantHealth.absent() : observed.of(stable.variant()),
            rolloutInProgress,
            lastRequest,
            wake,
            new ComputeUse(
                replicas,
                ReplicaBudget.of(service.getSpec()).size(),
                runtime.gpusPerReplica(),
                cpus),
            autoscaler,
            now));
  }

  /** A reconcile that keeps failing says so in Degraded, with the error, while JOSDK retries. */
  @Override
  public ErrorStatusUpdateControl<InferenceService> updateErrorStatus(
      InferenceService service, Context<InferenceService> context, Exception e) {
    InferenceServiceStatus status = service.getStatus();
    List<Condition> conditions = new ArrayList<>();
    if (status != null && status.conditions() != null) {
      status.conditions().stream()
          .filter(c -> !Conditions.DEGRADED.equals(c.getType()))
          .forEach(conditions::add);
    }
    String reason = e instanceof NameConflictException ? "NameConflict" : "ReconcileError";
    conditions.add(
        new ConditionBuilder()
            .withType(Conditions.DEGRADED)
            .withStatus(Conditions.TRUE)
            .withReason(reason)
            .withMessage(describe(e))
            .withObservedGeneration(service.getMetadata().getGeneration())
            .withLastTransitionTime(clock.instant().toString())
            .build());
    InferenceServiceStatus next =
        status == null
            ? new InferenceServiceStatus(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                conditions,
                service.getMetadata().getGeneration())
            : new InferenceServiceStatus(
                status.url(),
                status.stable(),
                status.candidate(),
                status.previous(),
                status.traffic(),
                status.rollout(),
                status.failedVersions(),
                status.scaling(),
                status.monitoring(),
                status.retraining(),
                conditions,
                status.observedGeneration());
    service.setStatus(next);
    context.resourceOperations().updatePrimaryStatus(service);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  // ---- reporting ----------------------------------------------------------------------------

  private void announce(InferenceService service, List<Announcement> announcements, Instant now) {
    for (Announcement announcement : announcements) {
      if (announcement.warning()) {
        events.warning(service, announcement.reason(), announcement.message());
      } else {
        events.normal(service, announcement.reason(), announcement.message());
      }
      if (announcement.notifyWebhook()) {
        VariantStatus stable = service.getStatus() == null ? null : service.getStatus().stable();
        webhook.send(
            new Notification(
                announcement.reason(),
                service.getKind(),
                service.getMetadata().getNamespace(),
                service.getMetadata().getName(),
                model(service),
                stable == null ? null : stable.version(),
                announcement.message(),
                now.toString()));
      }
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private <R extends HasMetadata> InformerEventSource<R, InferenceService> children(
      Class<R> kind, EventSourceContext<InferenceService> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, InferenceService.class)
            .withName(kind.getSimpleName().toLowerCase(Locale.ROOT) + "s")
            .withLabelSelector(DroverLabels.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(InferenceServiceReconciler::serviceOf)
            .build(),
        context);
  }

  /** The annotation names the owning service in full (labels stop at 63 characters). */
  private static Set<ResourceID> serviceOf(HasMetadata child) {
    Map<String, String> annotations = child.getMetadata().getAnnotations();
    String service =
        annotations == null ? null : annotations.get(InferenceServiceResources.SERVICE_LABEL);
    return service == null
        ? Set.of()
        : Set.of(new ResourceID(service, child.getMetadata().getNamespace()));
  }

  private static String model(InferenceService service) {
    return service.getSpec().model().name();
  }

  private static RolloutPhase phaseOf(InferenceServiceStatus status) {
    return status == null || status.rollout() == null ? null : status.rollout().phase();
  }

  private static String modelKey(String namespace, String model) {
    return namespace + "/" + model;
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return Objects.requireNonNullElse(message, e.getClass().getSimpleName());
  }
}
