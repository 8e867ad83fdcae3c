package io.drover.benchmarks.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load: requests leave on a fixed schedule whatever the answers, and each is timed from
 * when it was due. A server that stalls therefore shows the stall in every request due during it
 * (not only in the few that were in flight, as a closed-loop client that waits for an answer before
 * sending the next would record: coordinated omission). When every connection is busy the request
 * waits in the client's queue, and that wait is part of its latency.
 *
 * <p>Everything runs on one event-loop context, so the counters need no locking.
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
    private HttpClient client;
    private long startNanos;
    private long ticker;
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
      ticker = vertx.setPeriodic(1, id -> sendDue());
      sendDue();
    }

    /** Sends every request due by now: after a pause of this thread they leave at once. */
    private void sendDue() {
      long elapsed = System.nanoTime() - startNanos;
      long due = Math.min(total, (long) Math.floor(elapsed * plan.rate() / 1e9) + 1);
      while (scheduled < due) {
        send(new Attempt(startNanos + plan.dueNanos(scheduled), scheduled >= warmupRequests));
        scheduled++;
      }
      if (scheduled == total) {
        vertx.cancelTimer(ticker);
        finishIfDone();
      }
    }

    private void send(Attempt attempt) {
      outstanding++;
      maxOutstanding = Math.max(maxOutstanding, outstanding);
      if (attempt.measured) {
        sent++;
      }
      long left = attempt.dueNanos + timeoutNanos - System.nanoTime();
      attempt.timer =
          vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), t -> timeOut(attempt));
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
                if (attempt.done) { // timed out while waiting for a connection
                  request.reset();
                  return;
                }
                attempt.request = request;
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
        attempt.request.reset(); // frees the connection; its failure then finds the attempt done
      }
    }

    private void end(Attempt attempt, Outcome outcome, String errorKind) {
      if (attempt.done) {
        return;
      }
      attempt.done = true;
      vertx.cancelTimer(attempt.timer);
      outstanding--;
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
