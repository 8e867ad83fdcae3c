package io.drover.operator.metrics;

import io.drover.operator.api.inferenceservice.InferenceServiceStatus.MonitoringStatus;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The operator's own Prometheus metrics: reconciles per kind (count, errors, duration), runs by
 * phase, and compute used and saved per object ({@code drover_gpu_seconds_total}, {@code
 * drover_gpu_seconds_saved_total}, {@code drover_cpu_seconds_total}, {@code
 * drover_cpu_seconds_saved_total}, each by kind, namespace and name), each InferenceService's live
 * figures ({@link MonitoringGauges}) and the retraining runs it started ({@code
 * drover_retraining_runs_total}).
 */
public class OperatorMetrics {

  private final MeterRegistry registry;
  private final MonitoringGauges monitoring;
  private final AtomicReference<Supplier<Collection<TrainingRun>>> trainingRuns =
      new AtomicReference<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.monitoring = new MonitoringGauges(registry);
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

  /**
   * An InferenceService's live figures and breaker as gauges (see {@link MonitoringGauges}); null
   * figures keep only the breaker's.
   */
  public void monitoring(
      String namespace, String service, MonitoringStatus figures, boolean breakerOpen) {
    monitoring.update(namespace, service, figures, breakerOpen);
  }

  /**
   * Drops the gauges of the InferenceServices for which {@code exists(namespace, name)} is false;
   * looked at most once a minute, however often asked.
   */
  public void keepServices(java.util.function.BiPredicate<String, String> exists, Instant now) {
    monitoring.keep(exists, now);
  }

  /** A retraining cycle started, by its trigger: Drift, Accuracy or Schedule. */
  public void retrainingStarted(String namespace, String service, String trigger) {
    Counter.builder("drover.retraining.runs")
        .description("Retraining runs an InferenceService started, by trigger")
        .tag("namespace", namespace)
        .tag("inferenceservice", service)
        .tag("trigger", trigger)
        .register(registry)
        .increment();
  }

  /** Lets the phase gauges count the operator's cache of runs. */
  public void observeTrainingRuns(Supplier<Collection<TrainingRun>> runs) {
    trainingRuns.compareAndSet(null, runs);
  }

  /** The compute an object of a kind used, and saved by being scaled down, since last counted. */
  public record ComputeSeconds(double gpu, double gpuSaved, double cpu, double cpuSaved) {

    public static ComputeSeconds used(double gpu, double cpu) {
      return new ComputeSeconds(gpu, 0, cpu, 0);
    }
  }

  /** Adds to the per-object compute counters; a counter resets when the operator restarts. */
  public void computeSeconds(String kind, String namespace, String name, ComputeSeconds seconds) {
    count("drover.gpu.seconds", "GPU time used", kind, namespace, name, seconds.gpu());
    count(
        "drover.gpu.seconds.saved",
        "GPU time saved by scaling down (to zero, or outside active windows)",
        kind,
        namespace,
        name,
        seconds.gpuSaved());
    count(
        "drover.cpu.seconds", "CPU time requested and used", kind, namespace, name, seconds.cpu());
    count(
        "drover.cpu.seconds.saved",
        "CPU time saved by scaling down",
        kind,
        namespace,
        name,
        seconds.cpuSaved());
  }

  private void count(
      String meter, String description, String kind, String namespace, String name, double add) {
    Counter counter =
        Counter.builder(meter)
            .description(description)
            .baseUnit("seconds")
            .tag("kind", kind)
            .tag("namespace", namespace)
            .tag("name", name)
            .register(registry);
    if (add > 0) {
      counter.increment(add);
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
