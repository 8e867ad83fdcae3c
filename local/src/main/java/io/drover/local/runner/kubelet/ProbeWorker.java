package io.drover.local.runner.kubelet;

import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs one probe of one running container every {@code periodSeconds} after {@code
 * initialDelaySeconds}, and turns results into a verdict with the kubelet's thresholds: {@code
 * successThreshold} successes in a row pass, {@code failureThreshold} failures in a row fail. The
 * verdict starts as "failing" (a container is not ready before its first successful readiness
 * probe). A readiness or liveness probe waits for the startup probe, as in Kubernetes.
 */
final class ProbeWorker {

  /** Readiness, Liveness or Startup: the word the kubelet's messages start with. */
  enum Kind {
    Readiness,
    Liveness,
    Startup
  }

  /** Told about every failed check and every change of verdict. */
  interface Listener {
    /** A check failed; {@code thresholdReached} when it was the failureThreshold-th in a row. */
    void failed(ProbeWorker probe, String output, boolean thresholdReached);

    void verdictChanged(ProbeWorker probe, boolean passing);
  }

  private final Kind kind;
  private final Probe probe;
  private final ProbeCheck check;
  private final BooleanSupplier gate;
  private final Listener listener;
  private final int successThreshold;
  private final int failureThreshold;
  private ScheduledFuture<?> schedule;
  private int successes;
  private int failures;
  private volatile boolean passing;

  ProbeWorker(Kind kind, Probe probe, ProbeCheck check, BooleanSupplier gate, Listener listener) {
    this.kind = kind;
    this.probe = probe;
    this.check = check;
    this.gate = gate;
    this.listener = listener;
    this.successThreshold = positive(probe.getSuccessThreshold(), 1);
    this.failureThreshold = positive(probe.getFailureThreshold(), 3);
    // The kubelet's initial results: liveness succeeds until it fails, the others fail until
    // they succeed.
    this.passing = kind == Kind.Liveness;
  }

  Kind kind() {
    return kind;
  }

  ProbeCheck check() {
    return check;
  }

  boolean passing() {
    return passing;
  }

  /** The grace period a liveness or startup failure kills with, when the probe sets one. */
  Long terminationGracePeriodSeconds() {
    return probe.getTerminationGracePeriodSeconds();
  }

  synchronized void start(ScheduledExecutorService executor) {
    long delay =
        Math.max(0, probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds());
    long period = positive(probe.getPeriodSeconds(), 10);
    schedule =
        executor.scheduleWithFixedDelay(
            this::run, delay * 1000, period * 1000, TimeUnit.MILLISECONDS);
  }

  synchronized void stop() {
    if (schedule != null) {
      schedule.cancel(false);
    }
  }

  private void run() {
    if (!gate.getAsBoolean()) {
      return;
    }
    Duration timeout = Duration.ofSeconds(positive(probe.getTimeoutSeconds(), 1));
    ProbeCheck.Result result;
    try {
      result = check.check(timeout);
    } catch (RuntimeException e) {
      result = new ProbeCheck.Result(false, e.toString());
    }
    boolean changed;
    boolean thresholdReached;
    synchronized (this) {
      if (result.success()) {
        failures = 0;
        successes++;
      } else {
        successes = 0;
        failures++;
      }
      boolean before = passing;
      if (successes >= successThreshold) {
        passing = true;
      } else if (failures >= failureThreshold) {
        passing = false;
      }
      changed = before != passing;
      thresholdReached = !result.success() && failures == failureThreshold;
      if (kind == Kind.Startup && passing) {
        stop(); // a startup probe is done once it passed
      }
    }
    if (!result.success()) {
      listener.failed(this, result.output(), thresholdReached);
    }
    if (changed) {
      listener.verdictChanged(this, passing);
    }
  }

  private static int positive(Integer value, int fallback) {
    return value == null || value < 1 ? fallback : value;
  }
}
