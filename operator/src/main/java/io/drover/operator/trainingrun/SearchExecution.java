package io.drover.operator.trainingrun;

import io.drover.operator.api.common.GoDuration;
import io.drover.operator.api.trainingrun.DatasetStatus;
import io.drover.operator.api.trainingrun.HyperparameterSearch;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.api.trainingrun.TrainingRunStatus;
import io.drover.operator.api.trainingrun.Trial;
import io.drover.operator.events.EventRecorder;
import io.drover.operator.kubernetes.FinishedJobs;
import io.drover.operator.trainingrun.search.SearchDecision;
import io.drover.operator.trainingrun.search.SearchPlanner;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a TrainingRun's hyperparameter search: observe (the current rung's Indexed Job and its
 * per-index pods), decide ({@link SearchPlanner}, pure), record the decision in status, then act
 * (create the next rung's Job, stop a failed search's Job). Status is written before acting, so a
 * restarted operator finds the plan there and carries it out.
 */
final class SearchExecution {

  /** What the reconciler lends the search: status writing, Job creation, the registry. */
  interface Host {
    /** Writes the status, announces a phase change, and registers the model once succeeded. */
    void publish(TrainingRun run, TrainingRunStatus next, Context<TrainingRun> context);

    /** Creates the Job, telling the informer about it. */
    Job create(Job desired, Context<TrainingRun> context);

    /** The bundle of the model's Production version, the trainer's reference. */
    Optional<String> reference(TrainingRun run);
  }

  private final TrainingJobBuilder jobs;
  private final TrainingProgress progress;
  private final EventRecorder events;
  private final Host host;

  SearchExecution(
      TrainingJobBuilder jobs, TrainingProgress progress, EventRecorder events, Host host) {
    this.jobs = jobs;
    this.progress = progress;
    this.events = events;
    this.host = host;
  }

  UpdateControl<TrainingRun> reconcile(TrainingRun run, Context<TrainingRun> context, Instant now) {
    HyperparameterSearch search = run.getSpec().search();
    SearchPlanner planner =
        new SearchPlanner(
            search,
            run.getSpec().hyperparameters(),
            rung -> TrainingRunResources.trialsJobName(run, rung));
    List<Trial> trials = run.getStatus() == null ? List.of() : run.getStatus().trials();
    if (trials.isEmpty()) {
      try {
        // The run's settings are checked before anything is recorded or created.
        progress.pendingTimeout(run);
        jobs.outputUri(run);
        if (run.getSpec().isDistributed()) {
          throw new InvalidRunException(
              "spec.workers above 1 cannot be combined with spec.search: remove one of them");
        }
      } catch (InvalidRunException | IllegalArgumentException e) {
        host.publish(run, invalid(run, planner, e.getMessage(), now), context);
        return UpdateControl.noUpdate();
      }
      return startRung(
          run, context, planner, (SearchDecision.StartRung) planner.decide(trials), now);
    }
    int rung = trials.stream().mapToInt(Trial::rungOrZero).max().orElse(0);
    List<Trial> current = trials.stream().filter(t -> t.rungOrZero() == rung).toList();
    Optional<Job> job = observeJob(run, context, TrainingRunResources.trialsJobName(run, rung));
    if (job.isEmpty()) {
      if (current.stream()
          .allMatch(t -> t.phase() == TrainingPhase.Pending && t.startTime() == null)) {
        // Recorded, but the operator stopped before creating the Job: create it now.
        createRungJob(run, context, current, trials, now);
        return rescheduleForPending(run, now, now);
      }
      if (current.stream().anyMatch(t -> !t.isFinished())) {
        host.publish(
            run,
            SearchStatusFactory.next(
                run,
                planner,
                new SearchDecision.Fail(
                    trials,
                    "JobDeleted",
                    ("Job %s was deleted before its trials finished; create a new TrainingRun to"
                            + " search again")
                        .formatted(TrainingRunResources.trialsJobName(run, rung))),
                null,
                now),
            context);
        return UpdateControl.noUpdate();
      }
    }
    List<Pod> pods = job.map(j -> FinishedJobs.pods(j, context)).orElse(List.of());
    List<Trial> observed =
        job.map(
                j ->
                    new TrialObserver(
                            search.objective().metric(),
                            Optional.ofNullable(run.getSpec().limitsOrDefault().backoffLimit())
                                .orElse(0))
                        .observe(trials, j, pods, now))
            .orElse(trials);
    DatasetStatus dataset = TrialObserver.dataset(pods).orElse(null);
    SearchDecision decision = planner.decide(observed);

    if (decision instanceof SearchDecision.Continue && job.isPresent()) {
      Optional<SearchDecision> timedOut = pendingTimeout(run, job.get(), observed, current, now);
      if (timedOut.isPresent()) {
        decision = timedOut.get();
      }
    }
    if (decision instanceof SearchDecision.StartRung start) {
      events.normal(run, "RungFinished", start.message());
      return startRung(run, context, planner, start, now);
    }
    host.publish(run, SearchStatusFactory.next(run, planner, decision, dataset, now), context);
    if (decision instanceof SearchDecision.Fail
        && job.isPresent()
        && !FinishedJobs.isFinished(job.get())) {
      // Stop the trials still running or waiting: nothing they report can save the search.
      context.getClient().resource(job.get()).delete();
    }
    if (decision instanceof SearchDecision.Continue) {
      // Until a trial of the rung starts, look again when the rung would time out pending.
      boolean waiting =
          observed.stream()
              .filter(t -> t.rungOrZero() == rung)
              .noneMatch(t -> t.startTime() != null);
      if (waiting && job.isPresent()) {
        return rescheduleForPending(run, createdAt(job.get(), now), now);
      }
    }
    return UpdateControl.noUpdate();
  }

  private UpdateControl<TrainingRun> startRung(
      TrainingRun run,
      Context<TrainingRun> context,
      SearchPlanner planner,
      SearchDecision.StartRung start,
      Instant now) {
    // Recorded first: after a restart the rung's trials are in status, and its Job is (re)created.
    host.publish(run, SearchStatusFactory.next(run, planner, start, null, now), context);
    events.normal(
        run,
        "RungStarted",
        "rung %d: %d trials in Job %s"
            .formatted(start.rung(), start.started().size(), start.job()));
    createRungJob(run, context, start.started(), start.trials(), now);
    return rescheduleForPending(run, now, now);
  }

  private void createRungJob(
      TrainingRun run,
      Context<TrainingRun> context,
      List<Trial> rungTrials,
      List<Trial> allTrials,
      Instant now) {
    long failed = allTrials.stream().filter(t -> t.phase() == TrainingPhase.Failed).count();
    int allowed = (int) Math.max(0, run.getSpec().search().maxFailedTrialsOrDefault() - failed);
    List<Trial> ordered = new ArrayList<>(rungTrials);
    ordered.sort((a, b) -> Integer.compare(a.completionIndex(), b.completionIndex()));
    Job desired =
        jobs.buildTrials(run, host.reference(run), ordered.get(0).job(), ordered, allowed);
    try {
      host.create(desired, context);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // Created by an earlier attempt the informer had not seen yet: never create a second one.
    }
  }

  /** No trial of the rung has started within pendingTimeout of its Job's creation. */
  private Optional<SearchDecision> pendingTimeout(
      TrainingRun run, Job job, List<Trial> trials, List<Trial> rung, Instant now) {
    boolean anyStarted =
        trials.stream()
            .filter(t -> t.rungOrZero() == rung.get(0).rungOrZero())
            .anyMatch(t -> t.startTime() != null);
    Duration timeout = progress.pendingTimeout(run);
    if (anyStarted || now.isBefore(createdAt(job, now).plus(timeout))) {
      return Optional.empty();
    }
    return Optional.of(
        new SearchDecision.Fail(
            trials,
            "PendingTimeout",
            "no trial of Job %s started within pendingTimeout (%s)%s"
                .formatted(
                    job.getMetadata().getName(),
                    GoDuration.format(timeout),
                    Boolean.TRUE.equals(job.getSpec().getSuspend())
                        ? ": the Job is still suspended, waiting for admission by its queue"
                        : "")));
  }

  private UpdateControl<TrainingRun> rescheduleForPending(
      TrainingRun run, Instant since, Instant now) {
    Duration left = Duration.between(now, since.plus(progress.pendingTimeout(run)));
    return UpdateControl.<TrainingRun>noUpdate()
        .rescheduleAfter((left.isNegative() ? Duration.ZERO : left).plusSeconds(1));
  }

  private static TrainingRunStatus invalid(
      TrainingRun run, SearchPlanner planner, String message, Instant now) {
    return SearchStatusFactory.next(
        run, planner, new SearchDecision.Fail(List.of(), "InvalidSpec", message), null, now);
  }

  /** The rung's Job from the informer cache, else from the API (the cache may lag a create). */
  private static Optional<Job> observeJob(
      TrainingRun run, Context<TrainingRun> context, String name) {
    Optional<Job> cached =
        context.getSecondaryResources(Job.class).stream()
            .filter(j -> name.equals(j.getMetadata().getName()))
            .findFirst();
    if (cached.isPresent()) {
      return cached;
    }
    return Optional.ofNullable(
        context
            .getClient()
            .resources(Job.class)
            .inNamespace(run.getMetadata().getNamespace())
            .withName(name)
            .get());
  }

  private static Instant createdAt(Job job, Instant fallback) {
    String created = job.getMetadata().getCreationTimestamp();
    return created == null ? fallback : Instant.parse(created);
  }
}
