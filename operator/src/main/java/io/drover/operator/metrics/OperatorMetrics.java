package io.drover.operator.metrics;

import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The operator's own Prometheus metrics: reconciles per kind (count, errors, duration), runs by
 * phase, and GPU time consumed.
 */
public class OperatorMetrics {

  private final MeterRegistry registry;
  private final Counter gpuSeconds;
  private final AtomicReference<Supplier<Collection<TrainingRun>>> trainingRuns =
      new AtomicReference<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.gpuSeconds =
        Counter.builder("drover.training.gpu.seconds")
            .description("GPU time consumed by finished training runs")
            .baseUnit("seconds")
            .register(registry);
    for (TrainingPhase phase : TrainingPhase.values()) {
      Gauge.builder("drover.training.runs", this, metrics -> metrics.countRuns(phase))
          .description("TrainingRuns known to the operator, by phase")
          .tag("phase", phase.name())
          .register(registry);
    }
  }

  /** Times one reconcile of a kind, counting it as an error when it throws. */
  public <T> T timeReconcile(String kind, Callable<T> reconcile) throws Exception {
    Timer.Sample sample = Timer.start(registry);
    String outcome = "error";
    try {
      T result = reconcile.call();
      outcome = "success";
      return result;
    } finally {
      sample.stop(
          Timer.builder("drover.reconcile")
              .description("Reconciles by kind and outcome")
              .tag("kind", kind)
              .tag("outcome", outcome)
              .register(registry));
    }
  }

  /**
   * Times one read of the data plane for a rollout decision: {@code figures} (the router's and the
   * servers' figures of an analysis), {@code smokeTest}, {@code metadata}.
   */
  public <T> T timeDataPlane(String what, java.util.function.Supplier<T> read) {
    Timer.Sample sample = Timer.start(registry);
    try {
      return read.get();
    } finally {
      sample.stop(
          Timer.builder("drover.rollout.dataplane")
              .description("Reads of routers and model servers for rollout decisions")
              .tag("read", what)
              .register(registry));
    }
  }

  /** A rollout ended: Promoted, RolledBack, Failed or Aborted. */
  public void rolloutEnded(String phase) {
    Counter.builder("drover.rollouts")
        .description("Rollouts of a new version to an InferenceService, by how they ended")
        .tag("outcome", phase)
        .register(registry)
        .increment();
  }

  /** Lets the phase gauges count the operator's cache of runs. */
  public void observeTrainingRuns(Supplier<Collection<TrainingRun>> runs) {
    trainingRuns.compareAndSet(null, runs);
  }

  public void gpuSecondsConsumed(long seconds) {
    if (seconds > 0) {
      gpuSeconds.increment(seconds);
    }
  }

  private double countRuns(TrainingPhase phase) {
    Supplier<Collection<TrainingRun>> runs = trainingRuns.get();
    if (runs == null) {
      return 0;
    }
    return runs.get().stream()
        .filter(run -> run.getStatus() != null)
        .filter(run -> Objects.equals(run.getStatus().phase(), phase))
        .count();
  }
}
