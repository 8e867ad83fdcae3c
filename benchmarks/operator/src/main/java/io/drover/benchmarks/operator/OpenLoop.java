package io.drover.benchmarks.operator;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Starts requests at a fixed rate whatever their answers take (open loop): request {@code i} is due
 * {@code i / rate} seconds after the start, and its latency counts from when it was due, so a slow
 * API cannot hide its slowness by delaying the requests after it.
 */
final class OpenLoop {

  /** One request; {@code dueNanos} is the {@link System#nanoTime()} it was due at. */
  interface Request {
    void send(long dueNanos);
  }

  private final double perSecond;
  private final int concurrency;

  OpenLoop(double perSecond, int concurrency) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("the rate must be positive, was " + perSecond);
    }
    this.perSecond = perSecond;
    this.concurrency = concurrency;
  }

  /** Sends every request at its time; returns when all were sent and answered. */
  void run(List<Request> requests, LongConsumer onLate) throws InterruptedException {
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    ExecutorService senders = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    try {
      for (int i = 0; i < requests.size(); i++) {
        Request request = requests.get(i);
        long due = start + dueAfterNanos(i);
        clock.schedule(
            () -> {
              long late = System.nanoTime() - due;
              onLate.accept(late);
              senders.execute(() -> request.send(due));
            },
            due - System.nanoTime(),
            TimeUnit.NANOSECONDS);
      }
    } finally {
      clock.shutdown();
      clock.awaitTermination(1, TimeUnit.DAYS);
      senders.shutdown();
      senders.awaitTermination(1, TimeUnit.DAYS);
    }
  }

  long dueAfterNanos(int index) {
    return (long) (index * 1_000_000_000L / perSecond);
  }
}
