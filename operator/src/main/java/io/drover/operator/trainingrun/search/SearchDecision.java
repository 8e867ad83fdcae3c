package io.drover.operator.trainingrun.search;

import io.drover.operator.api.trainingrun.Trial;
import java.util.List;

/** What a search does next, as decided by {@link SearchPlanner}. */
public sealed interface SearchDecision {

  /** Every trial as the status is to record it, the new ones included. */
  List<Trial> trials();

  /**
   * Start a rung: record its trials (already in {@link #trials()}, phase Pending), then create its
   * Indexed Job.
   *
   * @param rung the rung, from 0
   * @param job the rung's Job name
   * @param started the rung's trials, in completion-index order
   * @param message what was decided, for the status and the rung's Event
   */
  record StartRung(List<Trial> trials, int rung, String job, List<Trial> started, String message)
      implements SearchDecision {}

  /** The current rung is still training. */
  record Continue(List<Trial> trials, String message) implements SearchDecision {}

  /** The search is over: {@code best} is the trial whose model is registered. */
  record Finish(List<Trial> trials, Trial best, String message) implements SearchDecision {}

  /**
   * The search failed; a running rung is stopped.
   *
   * @param reason CamelCase reason, e.g. TooManyTrialsFailed
   */
  record Fail(List<Trial> trials, String reason, String message) implements SearchDecision {}
}
