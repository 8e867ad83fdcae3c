package io.drover.operator.trainingrun;

import io.drover.contract.TrainerResult;
import io.drover.operator.api.trainingrun.TrainingPhase;
import java.time.Instant;

/**
 * What the operator concluded about a run from what it observed: the phase, why, and the facts
 * needed for status. Built by {@link TrainingProgress}; turned into status by {@link
 * TrainingRunStatusFactory}.
 *
 * @param phase the run's phase
 * @param reason CamelCase reason for conditions and events, e.g. TrainerFailed
 * @param message one sentence for people
 * @param startTime when the trainer started running, if it has
 * @param completionTime when the run ended, if it has
 * @param gpuSeconds GPU time consumed so far
 * @param result the trainer's report, when it wrote a readable one
 * @param deleteJob whether the Job must be removed (it would otherwise keep waiting for GPUs)
 * @param cpuSeconds CPU time reserved so far: cores requested times seconds the trainer ran
 */
record TrainingAssessment(
    TrainingPhase phase,
    String reason,
    String message,
    Instant startTime,
    Instant completionTime,
    long gpuSeconds,
    TrainerResult result,
    boolean deleteJob,
    long cpuSeconds) {

  TrainingAssessment(
      TrainingPhase phase,
      String reason,
      String message,
      Instant startTime,
      Instant completionTime,
      long gpuSeconds,
      TrainerResult result,
      boolean deleteJob) {
    this(phase, reason, message, startTime, completionTime, gpuSeconds, result, deleteJob, 0);
  }

  TrainingAssessment withCpuSeconds(long seconds) {
    return new TrainingAssessment(
        phase, reason, message, startTime, completionTime, gpuSeconds, result, deleteJob, seconds);
  }

  static TrainingAssessment pending(String reason, String message) {
    return new TrainingAssessment(
        TrainingPhase.Pending, reason, message, null, null, 0, null, false);
  }

  static TrainingAssessment failedBeforeStart(String reason, String message, Instant now) {
    return new TrainingAssessment(TrainingPhase.Failed, reason, message, null, now, 0, null, false);
  }
}
