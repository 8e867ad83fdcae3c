package io.drover.operator.trainingrun;

import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.api.trainingrun.TrainingRunStatus;
import io.drover.operator.config.StorageConfig;
import io.drover.operator.config.TrainingConfig;
import io.drover.operator.events.EventRecorder;
import io.drover.operator.kubernetes.DroverLabels;
import io.drover.operator.kubernetes.FinishedJobs;
import io.drover.operator.kubernetes.ObjectStorageAccess;
import io.drover.operator.metrics.OperatorMetrics;
import io.drover.operator.notifications.Notification;
import io.drover.operator.notifications.WebhookNotifier;
import io.drover.operator.registry.ModelRegistration;
import io.drover.operator.registry.ProductionRegistry;
import io.drover.operator.status.ReconcileErrors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs each TrainingRun as one trainer Job and reports the trainer's result in the run's status.
 * Observe (the Job and its pods), decide ({@link TrainingProgress}), apply (create or delete the
 * Job), report (status, events, metrics).
 */
@ControllerConfiguration(name = TrainingRunReconciler.NAME)
@RBACRule(
    apiGroups = "batch",
    resources = "jobs",
    verbs = {"get", "list", "watch", "create", "patch", "delete"})
@RBACRule(
    apiGroups = "",
    resources = "services",
    verbs = {"get", "create"})
@RBACRule(
    apiGroups = "",
    resources = "pods",
    verbs = {"get", "list", "watch"})
@RBACRule(
    apiGroups = "drover.io",
    resources = "modelversions",
    verbs = {"get", "list", "watch", "create"})
@RBACRule(
    apiGroups = "",
    resources = "configmaps",
    verbs = {"get", "list", "watch"})
@RBACRule(
    apiGroups = "",
    resources = "secrets",
    resourceNames = "drover-notifications",
    verbs = {"get"})
@RBACRule(
    apiGroups = "",
    resources = "events",
    verbs = {"create"})
public class TrainingRunReconciler implements Reconciler<TrainingRun> {

  public static final String NAME = "trainingrun";

  private final TrainingJobBuilder jobs;
  private final ModelRegistration registration;
  private final TrainingProgress progress;
  private final EventRecorder events;
  private final WebhookNotifier webhook;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final SearchExecution searches;
  private InformerEventSource<Job, TrainingRun> jobSource;
  private InformerEventSource<ModelVersion, TrainingRun> versions;
  private ProductionRegistry productionRegistry;

  public TrainingRunReconciler(
      TrainingConfig config,
      StorageConfig storage,
      EventRecorder events,
      WebhookNotifier webhook,
      OperatorMetrics metrics,
      Clock clock) {
    this.webhook = webhook;
    this.jobs = new TrainingJobBuilder(config, new ObjectStorageAccess(storage));
    this.registration = new ModelRegistration(config.trainerImage());
    this.progress = new TrainingProgress(config.pendingTimeout());
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.searches =
        new SearchExecution(
            jobs,
            progress,
            events,
            new SearchExecution.Host() {
              @Override
              public void publish(
                  TrainingRun run, TrainingRunStatus next, Context<TrainingRun> context) {
                TrainingRunReconciler.this.publish(run, next, context);
              }

              @Override
              public Job create(Job desired, Context<TrainingRun> context) {
                return context.resourceOperations().create(desired, jobSource);
              }

              @Override
              public Optional<String> reference(TrainingRun run) {
                return productionRegistry.productionArtifact(
                    run.getMetadata().getNamespace(), run.getSpec().model());
              }
            });
  }

  @Override
  public List<EventSource<?, TrainingRun>> prepareEventSources(
      EventSourceContext<TrainingRun> context) {
    jobSource =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, TrainingRun.class)
                .withLabelSelector(DroverLabels.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(TrainingRunReconciler::runOf)
                .build(),
            context);
    InformerEventSource<Pod, TrainingRun> podSource =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, TrainingRun.class)
                .withLabelSelector(DroverLabels.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(TrainingRunReconciler::runOf)
                .build(),
            context);
    // The registry as the runs need it: which version is in Production (its bundle is the
    // trainer's reference), and which versions exist (registration claims the next number).
    versions = ModelRegistration.informer(TrainingRun.class, context);
    var records =
        ProductionRegistry.informer("registry", TrainingRun.class, record -> Set.of(), context);
    productionRegistry = new ProductionRegistry(context.getClient(), records);
    return List.of(jobSource, podSource, versions, records);
  }

  @Override
  public UpdateControl<TrainingRun> reconcile(TrainingRun run, Context<TrainingRun> context)
      throws Exception {
    metrics.observeTrainingRuns(() -> context.getPrimaryCache().list().toList());
    return metrics.timeReconcile("TrainingRun", () -> reconcileRun(run, context));
  }

  private UpdateControl<TrainingRun> reconcileRun(TrainingRun run, Context<TrainingRun> context) {
    if (isSettled(run)) {
      return UpdateControl.noUpdate();
    }
    if (run.getStatus() != null && run.getStatus().awaitsRegistration()) {
      // Trained and recorded; registering failed or was interrupted. The Job may be gone by now.
      register(run, context);
      return UpdateControl.noUpdate();
    }
    Instant now = clock.instant();
    if (run.getSpec().search() != null) {
      return searches.reconcile(run, context, now);
    }
    Optional<Job> job =
        observeJob(run, context)
            .map(j -> StartWindow.resumeIfOpen(run, j, context.getClient(), now));
    List<Pod> pods =
        job.map(j -> FinishedJobs.pods(j, context))
            .orElseGet(() -> context.getSecondaryResources(Pod.class).stream().toList());

    TrainingAssessment assessment =
        job.map(
                j ->
                    StartWindow.isHeld(j)
                        ? StartWindow.whileHeld(run, j, now)
                        : progress.assess(run, j, pods, now))
            .orElseGet(() -> start(run, context, now));
    if (assessment.deleteJob()) {
      job.ifPresent(j -> context.getClient().resource(j).delete());
    }
    report(run, assessment, context, now);

    if (StartWindow.OUTSIDE_WINDOW.equals(assessment.reason())) {
      Duration left = StartWindow.untilOpening(run, now);
      return UpdateControl.<TrainingRun>noUpdate().rescheduleAfter(left.plusSeconds(1));
    }
    Optional<Duration> gang = job.flatMap(j -> progress.untilSchedulingTimeout(run, j, pods, now));
    if (gang.isPresent() && !assessment.phase().isFinal()) {
      // Some workers still wait: look again when the gang would time out.
      return UpdateControl.<TrainingRun>noUpdate().rescheduleAfter(gang.get().plusSeconds(1));
    }
    if (assessment.phase() == TrainingPhase.Pending) {
      // Nothing may happen while a pod waits (a Job suspended by Kueue creates none): look again
      // when the wait would time out.
      Duration left = progress.untilPendingTimeout(run, job.orElse(null), pods, now);
      return UpdateControl.<TrainingRun>noUpdate().rescheduleAfter(left.plusSeconds(1));
    }
    return UpdateControl.noUpdate();
  }

  /** A finished run whose status describes its current spec needs nothing more. */
  private static boolean isSettled(TrainingRun run) {
    TrainingRunStatus status = run.getStatus();
    return status != null
        && status.phase() != null
        && status.phase().isFinal()
        && !status.awaitsRegistration()
        && Objects.equals(status.observedGeneration(), run.getMetadata().getGeneration());
  }

  /**
   * The run's Job from the informer cache, or from the API when the cache has not caught up with a
   * Job the run already recorded.
   */
  private Optional<Job> observeJob(TrainingRun run, Context<TrainingRun> context) {
    Optional<Job> cached = context.getSecondaryResource(Job.class);
    if (cached.isPresent() || run.getStatus() == null || run.getStatus().job() == null) {
      return cached;
    }
    return Optional.ofNullable(
        context
            .getClient()
            .resources(Job.class)
            .inNamespace(run.getMetadata().getNamespace())
            .withName(TrainingRunResources.jobName(run))
            .get());
  }

  /** Creates the Job of a run that has none, unless it had one that is now gone. */
  private TrainingAssessment start(TrainingRun run, Context<TrainingRun> context, Instant now) {
    if (run.getStatus() != null
        && run.getStatus().job() != null
        && !StartWindow.isWaiting(run.getStatus())) {
      return TrainingAssessment.failedBeforeStart(
          "JobDeleted",
          "Job %s was deleted before the run finished; create a new TrainingRun to train again"
              .formatted(run.getStatus().job()),
          now);
    }
    StartWindow.Gate window = StartWindow.at(run, now);
    if (window instanceof StartWindow.Invalid invalid) {
      return TrainingAssessment.failedBeforeStart("InvalidSpec", invalid.message(), now);
    }
    Job desired;
    try {
      progress.pendingTimeout(run);
      desired =
          jobs.build(
              run,
              productionRegistry.productionArtifact(
                  run.getMetadata().getNamespace(), run.getSpec().model()));
    } catch (InvalidRunException | IllegalArgumentException e) {
      return TrainingAssessment.failedBeforeStart("InvalidSpec", e.getMessage(), now);
    }
    TrainingAssessment waiting = null;
    if (window instanceof StartWindow.Closed closed) {
      // Record why the run waits before acting on it; the Job then exists only held.
      waiting = StartWindow.waiting(run, jobName(desired), closed.opensAt());
      report(run, waiting, context, now);
      if (run.getSpec().queueName() != null) {
        return waiting;
      }
      desired = StartWindow.held(desired);
    }
    if (run.getSpec().isDistributed()) {
      // The workers' names resolve through it from the start.
      createWorkersService(run, context);
    }
    Job created;
    try {
      created = context.resourceOperations().create(desired, jobSource);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // The informer had not seen a Job that already exists: never create a second one.
      return waiting != null
          ? waiting
          : TrainingAssessment.pending("JobCreated", "Job " + jobName(desired) + " exists");
    }
    if (waiting != null) {
      return waiting;
    }
    return TrainingAssessment.pending(
        "JobCreated", "created Job " + jobName(created) + "; waiting for the trainer pod");
  }

  private static void createWorkersService(TrainingRun run, Context<TrainingRun> context) {
    try {
      context.getClient().resource(DistributedWorkers.service(run)).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  private void report(
      TrainingRun run, TrainingAssessment assessment, Context<TrainingRun> context, Instant now) {
    publish(run, TrainingRunStatusFactory.next(run, assessment, now), context);
  }

  /** Records a new status, announces a phase change, and registers a succeeded run's model. */
  private void publish(TrainingRun run, TrainingRunStatus next, Context<TrainingRun> context) {
    TrainingRunStatus before = run.getStatus();
    if (next.equals(before)) {
      return;
    }
    // The outcome is recorded before anything else happens: registering may fail (and is retried
    // from this status, also after a restart), the training never needs to be observed again.
    writeStatus(run, next, context);
    TrainingPhase previous = before == null ? null : before.phase();
    if (previous != next.phase()) {
      announce(run, next);
    }
    if (next.awaitsRegistration()) {
      register(run, context);
    }
  }

  /** Creates the run's ModelVersion (or finds it) and records its name in the run's status. */
  private void register(TrainingRun run, Context<TrainingRun> context) {
    String version = registration.register(context.getClient(), versions, run);
    writeStatus(run, TrainingRunStatusFactory.registered(run, version, clock.instant()), context);
    events.normal(run, "Registered", "registered the model as ModelVersion " + version);
  }

  /**
   * A reconcile that failed is retried; until it succeeds, Reconciling (or, after the last retry,
   * Stalled) says what failed, next to whatever the run had already achieved.
   */
  @Override
  public ErrorStatusUpdateControl<TrainingRun> updateErrorStatus(
      TrainingRun run, Context<TrainingRun> context, Exception e) {
    TrainingRunStatus status =
        run.getStatus() == null ? TrainingRunStatus.empty() : run.getStatus();
    long generation = Optional.ofNullable(run.getMetadata().getGeneration()).orElse(1L);
    run.setStatus(
        status.withConditions(
            ReconcileErrors.conditions(
                status.conditions(), generation, e, context.getRetryInfo(), clock.instant())));
    ReconcileErrors.write(run, context);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private static void writeStatus(
      TrainingRun run, TrainingRunStatus status, Context<TrainingRun> context) {
    run.setStatus(status);
    // A status update (not a merge patch): lists such as conditions are replaced whole, and a
    // stale resourceVersion is refused and retried rather than overwriting newer news. The run
    // keeps the new resourceVersion: a second write in the same reconcile builds on the first.
    TrainingRun written = context.resourceOperations().updatePrimaryStatus(run);
    run.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
  }

  private void announce(TrainingRun run, TrainingRunStatus status) {
    if (status.phase() == TrainingPhase.Failed) {
      events.warning(run, "Failed", status.message());
      if (status.validation() != null
          && status.validation().stream().anyMatch(v -> "Fail".equals(v.verdict()))) {
        webhook.send(
            new Notification(
                "ValidationFailed",
                run.getKind(),
                run.getMetadata().getNamespace(),
                run.getMetadata().getName(),
                run.getSpec().model(),
                null,
                status.message(),
                clock.instant().toString()));
      }
    } else {
      events.normal(run, status.phase().name(), status.message());
    }
    if (status.phase().isFinal()) {
      metrics.computeSeconds(
          run.getKind(),
          run.getMetadata().getNamespace(),
          run.getMetadata().getName(),
          OperatorMetrics.ComputeSeconds.used(status.gpuSeconds(), status.cpuSeconds()));
    }
  }

  /** Labels select; the annotation names the run in full (labels stop at 63 characters). */
  private static Set<ResourceID> runOf(HasMetadata owned) {
    var annotations = owned.getMetadata().getAnnotations();
    String run = annotations == null ? null : annotations.get(TrainingRunResources.RUN_LABEL);
    return run == null ? Set.of() : Set.of(new ResourceID(run, owned.getMetadata().getNamespace()));
  }

  private static String jobName(Job job) {
    return job.getMetadata().getName();
  }
}
