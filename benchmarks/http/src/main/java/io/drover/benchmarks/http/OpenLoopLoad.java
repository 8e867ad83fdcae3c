package io.drover.benchmarks.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load: requests leave on a fixed schedule whatever the answers, and each is timed from
 * when it was due. A server that stalls therefore shows the stall in every request due during it
 * (not only in the few that were in flight, as a closed-loop client that waits for an answer before
 * sending the next would record: coordinated omission). When every connection is busy the request
 * waits in the client's queue, and that wait is part of its latency.
 *
 * <p>Everything but the schedule runs on one event-loop context, so the counters need no locking.
 */
public final class OpenLoopLoad {

  private OpenLoopLoad() {}

  /** Runs {@code plan} on {@code vertx} and waits for its result. */
  public static LoadResult run(Vertx vertx, String label, LoadPlan plan)
      throws InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<LoadResult> result = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> new Run(vertx, label, plan, result).start());
    long bound = plan.warmup().plus(plan.duration()).plus(plan.timeout()).toSeconds() + 30;
    return result.get(bound, TimeUnit.SECONDS);
  }

  private enum Outcome {
    ANSWERED,
    ERROR,
    TIMEOUT
  }

  /** One request: due at {@code dueNanos} (System.nanoTime()), recorded when {@code measured}. */
  private static final class Attempt {
    final long dueNanos;
    final boolean measured;
    long timer;
    HttpClientRequest request;
    boolean dispatched;
    boolean done;

    Attempt(long dueNanos, boolean measured) {
      this.dueNanos = dueNanos;
      this.measured = measured;
    }
  }

  private static final class Run {
    private final Vertx vertx;
    private final String label;
    private final LoadPlan plan;
    private final CompletableFuture<LoadResult> result;
    private final Buffer body;
    private final long total;
    private final long warmupRequests;
    private final long timeoutNanos;
    private final Histogram latencies = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
    private final Map<String, Long> errorKinds = new TreeMap<>();
    private final ArrayDeque<Attempt> waiting = new ArrayDeque<>();
    private int inFlight;
    private HttpClient client;
    private long startNanos;
    private long scheduled;
    private long outstanding;
    private long maxOutstanding;
    private long sent;
    private long answered;
    private long errors;
    private long timeouts;
    private long lastAnswerNanos;
    private boolean finished;

    Run(Vertx vertx, String label, LoadPlan plan, CompletableFuture<LoadResult> result) {
      this.vertx = vertx;
      this.label = label;
      this.plan = plan;
      this.result = result;
      this.body = plan.body() == null ? null : Buffer.buffer(plan.body());
      this.total = plan.totalRequests();
      this.warmupRequests = plan.warmupRequests();
      this.timeoutNanos = plan.timeout().toNanos();
    }

    void start() {
      int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, plan.timeout().toMillis());
      client =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setKeepAlive(true)
                  .setConnectTimeout(timeoutMillis)
                  .setDefaultHost(plan.target().getHost())
                  .setDefaultPort(plan.port()),
              new PoolOptions().setHttp1MaxSize(plan.connections()).setMaxWaitQueueSize(-1));
      startNanos = System.nanoTime();
      Context context = vertx.getOrCreateContext();
      Thread schedule = new Thread(() -> sendOnTime(context), "open-loop-schedule");
      schedule.setDaemon(true);
      schedule.start();
    }

    /**
     * Hands each request to the event loop when it is due. A thread of its own because Vert.x
     * timers tick in milliseconds: a request due between ticks would leave up to 1 ms late, and
     * that lateness would be counted in its latency.
     */
    private void sendOnTime(Context context) {
      for (long i = 0; i < total; i++) {
        long due = startNanos + plan.dueNanos(i);
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        boolean measured = i >= warmupRequests;
        context.runOnContext(v -> send(new Attempt(due, measured)));
      }
    }

    private void send(Attempt attempt) {
      scheduled++;
      outstanding++;
      maxOutstanding = Math.max(maxOutstanding, outstanding);
      if (attempt.measured) {
        sent++;
      }
      long left = attempt.dueNanos + timeoutNanos - System.nanoTime();
      attempt.timer =
          vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), t -> timeOut(attempt));
      waiting.add(attempt);
      dispatchWaiting();
    }

    /** Gives free connections to the oldest waiting requests that have not timed out. */
    private void dispatchWaiting() {
      while (inFlight < plan.connections() && !waiting.isEmpty()) {
        Attempt next = waiting.poll();
        if (!next.done) {
          dispatch(next);
        }
      }
    }

    private void dispatch(Attempt attempt) {
      inFlight++;
      attempt.dispatched = true;
      RequestOptions options =
          new RequestOptions().setMethod(plan.method()).setURI(plan.pathAndQuery());
      if (body != null && plan.contentType() != null) {
        options.putHeader(HttpHeaders.CONTENT_TYPE, plan.contentType());
      }
      client
          .request(options)
          .onComplete(
              connected -> {
                if (connected.failed()) {
                  end(attempt, Outcome.ERROR, kind(connected.cause()));
                  return;
                }
                HttpClientRequest request = connected.result();
                attempt.request = request;
                if (attempt.done) { // timed out while the connection was being opened
                  request.reset();
                  return;
                }
                (body == null ? request.send() : request.send(body))
                    .compose(response -> response.body().map(b -> response.statusCode()))
                    .onComplete(
                        answer -> {
                          if (answer.failed()) {
                            end(attempt, Outcome.ERROR, kind(answer.cause()));
                          } else if (answer.result() / 100 == 2) {
                            end(attempt, Outcome.ANSWERED, null);
                          } else {
                            end(attempt, Outcome.ERROR, "status " + answer.result());
                          }
                        });
              });
    }

    private void timeOut(Attempt attempt) {
      if (attempt.done) {
        return;
      }
      end(attempt, Outcome.TIMEOUT, null);
      if (attempt.request != null) {
        attempt.request.reset(); // closes the connection; its failure then finds the attempt done
      }
    }

    private void end(Attempt attempt, Outcome outcome, String errorKind) {
      if (attempt.done) {
        return;
      }
      attempt.done = true;
      vertx.cancelTimer(attempt.timer);
      outstanding--;
      if (attempt.dispatched) {
        inFlight--;
      }
      if (attempt.measured) {
        long now = System.nanoTime();
        switch (outcome) {
          case ANSWERED -> {
            answered++;
            lastAnswerNanos = now;
            latencies.recordValue(
                Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - attempt.dueNanos)));
          }
          case ERROR -> {
            errors++;
            errorKinds.merge(errorKind, 1L, Long::sum);
          }
          case TIMEOUT -> timeouts++;
        }
      }
      dispatchWaiting();
      finishIfDone();
    }

    private void finishIfDone() {
      if (finished || scheduled < total || outstanding > 0) {
        return;
      }
      finished = true;
      long measuredStart = startNanos + plan.dueNanos(warmupRequests);
      double seconds = (lastAnswerNanos - measuredStart) / 1e9;
      double achieved = answered == 0 || seconds <= 0 ? 0 : answered / seconds;
      client.close();
      result.complete(
          new LoadResult(
              label,
              plan,
              latencies,
              total,
              sent,
              answered,
              errors,
              timeouts,
              errorKinds,
              achieved,
              maxOutstanding));
    }

    private static String kind(Throwable failure) {
      return failure.getClass().getSimpleName();
    }
  }
}
