package io.drover.local.runner.control;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller's work queue, as client-go has it: keys (namespace/name) are reconciled one at a
 * time on one thread; a key queued while it waits is queued once; a key queued while it is being
 * reconciled is reconciled again afterwards; a failed reconcile is retried with a growing delay.
 * Reconcilers are level-triggered: they read the current state, never the event.
 */
public final class ReconcileLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(200);
  private static final Duration LAST_RETRY = Duration.ofSeconds(30);

  private final String name;
  private final Consumer<String> reconciler;
  private final Set<String> queued = new LinkedHashSet<>();
  private final Map<String, Duration> retries = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timers;
  private final Thread worker;
  private volatile boolean running;

  public ReconcileLoop(String name, Consumer<String> reconciler) {
    this.name = name;
    this.reconciler = reconciler;
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name + "-timer");
              t.setDaemon(true);
              return t;
            });
    this.worker = new Thread(this::work, name);
    worker.setDaemon(true);
  }

  public void start() {
    running = true;
    worker.start();
  }

  public void enqueue(String key) {
    synchronized (queued) {
      if (queued.add(key)) {
        queued.notifyAll();
      }
    }
  }

  /** Reconciles the key again after the delay (a deadline, a back-off, a probe period). */
  public void enqueueAfter(String key, Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      enqueue(key);
      return;
    }
    if (!timers.isShutdown()) {
      timers.schedule(() -> enqueue(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void work() {
    while (running) {
      String key;
      synchronized (queued) {
        while (queued.isEmpty() && running) {
          try {
            queued.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (!running) {
          return;
        }
        var first = queued.iterator();
        key = first.next();
        first.remove();
      }
      try {
        reconciler.accept(key);
        retries.remove(key);
      } catch (RuntimeException e) {
        Duration delay =
            retries.merge(key, FIRST_RETRY, (old, first) -> min(old.multipliedBy(2), LAST_RETRY));
        if (running) {
          LOG.warn("{}: reconciling {} failed, retrying in {}: {}", name, key, delay, e.toString());
          LOG.debug("{}: reconcile failure", name, e);
          enqueueAfter(key, delay);
        }
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public void close() {
    running = false;
    timers.shutdownNow();
    synchronized (queued) {
      queued.notifyAll();
    }
    worker.interrupt();
    try {
      worker.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
