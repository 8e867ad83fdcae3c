package io.drover.operator.trainingrun;

import io.drover.operator.api.common.Conditions;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.api.trainingrun.TrainingRunStatus;
import io.drover.operator.schedule.ActiveSchedule;
import io.drover.operator.schedule.ActiveSchedule.InvalidScheduleException;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * When a run may start, from {@code spec.activeWindows}, and how a run outside them waits: its Job
 * is created suspended (marked as held for the window, so it is told apart from a Job a queue
 * suspends) and resumed when a window opens. Only the start is gated: once the Job runs, a closing
 * window does not stop it.
 */
final class StartWindow {

  /** The Reconciling condition's reason while a run waits for its window. */
  static final String OUTSIDE_WINDOW = "OutsideWindow";

  /** On a Job created suspended to wait for its run's window. */
  static final String HELD_ANNOTATION = "drover.io/held-for-window";

  /** When the operator resumed a held Job; the pending timeout counts from here. */
  static final String OPENED_ANNOTATION = "drover.io/window-opened-at";

  private StartWindow() {}

  /** Whether a run may start at a moment. */
  sealed interface Gate permits Open, Closed, Invalid {}

  /** Inside a window, or the run has none. */
  record Open() implements Gate {}

  /** Outside every window; the next one opens at {@code opensAt}. */
  record Closed(Instant opensAt) implements Gate {}

  /** The windows cannot be read; the message names the field. */
  record Invalid(String message) implements Gate {}

  static Gate at(TrainingRun run, Instant now) {
    if (run.getSpec().activeWindows().isEmpty()) {
      return new Open();
    }
    ActiveSchedule.State state;
    try {
      state = ActiveSchedule.of(run.getSpec().activeWindows(), null).at(now);
    } catch (InvalidScheduleException e) {
      return new Invalid("spec." + e.getMessage());
    }
    if (state.up()) {
      return new Open();
    }
    return state
        .nextOpening()
        .<Gate>map(Closed::new)
        .orElseGet(() -> new Invalid("spec.activeWindows: no window opens in the coming week"));
  }

  /** How long until the window opens; zero when it is open. */
  static Duration untilOpening(TrainingRun run, Instant now) {
    return at(run, now) instanceof Closed closed
        ? Duration.between(now, closed.opensAt())
        : Duration.ZERO;
  }

  /** The desired Job, created suspended and marked as held for the window. */
  static Job held(Job desired) {
    return new JobBuilder(desired)
        .editMetadata()
        .addToAnnotations(HELD_ANNOTATION, "true")
        .endMetadata()
        .editSpec()
        .withSuspend(true)
        .endSpec()
        .build();
  }

  /** A Job the operator suspended for the window and has not yet resumed. */
  static boolean isHeld(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return Boolean.TRUE.equals(job.getSpec().getSuspend())
        && annotations != null
        && annotations.containsKey(HELD_ANNOTATION)
        && !annotations.containsKey(OPENED_ANNOTATION);
  }

  /** When the operator resumed the Job, if it held it. */
  static Optional<Instant> openedAt(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get(OPENED_ANNOTATION))
        .map(Instant::parse);
  }

  /** A held Job resumed (as the API now holds it) once a window is open; else the Job as is. */
  static Job resumeIfOpen(TrainingRun run, Job job, KubernetesClient client, Instant now) {
    if (!isHeld(job) || !(at(run, now) instanceof Open)) {
      return job;
    }
    // A JSON patch from the diff: only spec.suspend and the annotation change.
    return client
        .resource(job)
        .edit(
            j ->
                new JobBuilder(j)
                    .editMetadata()
                    .addToAnnotations(OPENED_ANNOTATION, now.toString())
                    .endMetadata()
                    .editSpec()
                    .withSuspend(false)
                    .endSpec()
                    .build());
  }

  /** The assessment of a run waiting for its window, whose Job is (or will be) {@code job}. */
  static TrainingAssessment waiting(TrainingRun run, String job, Instant opensAt) {
    String what =
        run.getSpec().queueName() == null
            ? "Job " + job + " is suspended until the window opens at " + opensAt
            : "Job " + job + " will be created when the window opens at " + opensAt;
    return TrainingAssessment.pending(OUTSIDE_WINDOW, "outside its active windows: " + what);
  }

  /**
   * The assessment of a run whose held Job stays suspended: still waiting, or failed when the
   * windows can no longer be read (the held Job is deleted then).
   */
  static TrainingAssessment whileHeld(TrainingRun run, Job job, Instant now) {
    Gate gate = at(run, now);
    if (gate instanceof Invalid invalid) {
      return new TrainingAssessment(
          TrainingPhase.Failed, "InvalidSpec", invalid.message(), null, now, 0, null, true);
    }
    Instant opensAt = gate instanceof Closed closed ? closed.opensAt() : now;
    return waiting(run, job.getMetadata().getName(), opensAt);
  }

  /**
   * Whether the status says the run waits for its window: its Job may not exist yet (with a queue,
   * or when the operator stopped between recording the wait and creating the Job).
   */
  static boolean isWaiting(TrainingRunStatus status) {
    return status != null
        && status.phase() == TrainingPhase.Pending
        && status.conditions().stream()
            .anyMatch(
                c ->
                    Conditions.RECONCILING.equals(c.getType())
                        && OUTSIDE_WINDOW.equals(c.getReason()));
  }
}
