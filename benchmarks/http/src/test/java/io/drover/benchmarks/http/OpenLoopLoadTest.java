package io.drover.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator against small in-test servers. Only lower bounds on latency and exact counts
 * are asserted: a slow machine adds latency, it never removes any.
 */
class OpenLoopLoadTest {

  private Vertx serverVertx;
  private Vertx clientVertx;

  @BeforeEach
  void start() {
    // One event loop each: a server that blocks its loop stalls every connection, as a GC pause
    // does, and the generator is never the one blocked.
    serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  }

  @AfterEach
  void stop() {
    clientVertx.close().toCompletionStage().toCompletableFuture().join();
    serverVertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void requestsDueDuringAStallAreTimedFromWhenTheyWereDue() throws Exception {
    AtomicInteger received = new AtomicInteger();
    int port =
        serve(
            request -> {
              if (received.incrementAndGet() == 100) {
                sleep(300); // the whole server stops, as in a stop-the-world pause
              }
              request.response().end("{}");
            });

    // 4 connections: a closed-loop client would time at most 4 requests across the stall.
    LoadResult result = OpenLoopLoad.run(clientVertx, "stall", plan(port, 200, 0, 2.0, 4, 5.0));

    assertThat(result.errors()).isZero();
    assertThat(result.timeouts()).isZero();
    assertThat(result.answered()).isEqualTo(result.sent()).isEqualTo(400);
    assertThat(result.maxMillis()).isGreaterThanOrEqualTo(250);
    // Requests due in the stall's first 200 ms (about 40 at 200/s) waited at least 100 ms each.
    long waitedOut = result.latencies().getCountBetweenValues(100_000, Long.MAX_VALUE / 2);
    assertThat(waitedOut).isGreaterThanOrEqualTo(30);
    assertThat(result.latencyMillis(99)).isGreaterThanOrEqualTo(100);
  }

  @Test
  void closedConnectionsAreCountedAsErrors() throws Exception {
    int port = serve(request -> request.connection().close());

    LoadResult result = OpenLoopLoad.run(clientVertx, "closing", plan(port, 100, 0, 0.5, 4, 2.0));

    assertThat(result.sent()).isEqualTo(50);
    assertThat(result.errors()).isEqualTo(50);
    assertThat(result.answered()).isZero();
    assertThat(result.timeouts()).isZero();
  }

  @Test
  void non2xxAnswersAreCountedAsErrorsByStatus() throws Exception {
    int port = serve(request -> request.response().setStatusCode(503).end("busy"));

    LoadResult result = OpenLoopLoad.run(clientVertx, "busy", plan(port, 100, 0, 0.5, 4, 2.0));

    assertThat(result.errors()).isEqualTo(50);
    assertThat(result.errorKinds()).containsEntry("status 503", 50L);
    assertThat(result.answered()).isZero();
    assertThat(result.latencies().getTotalCount()).isZero();
  }

  @Test
  void requestsNeverAnsweredAreCountedAsTimeouts() throws Exception {
    int port = serve(request -> {}); // reads the request, never answers

    LoadResult result = OpenLoopLoad.run(clientVertx, "silent", plan(port, 50, 0, 0.5, 2, 0.3));

    assertThat(result.sent()).isEqualTo(25);
    assertThat(result.timeouts()).isEqualTo(25);
    assertThat(result.errors()).isZero();
    assertThat(result.answered()).isZero();
  }

  @Test
  void warmupRequestsAreSentButNotCounted() throws Exception {
    AtomicInteger received = new AtomicInteger();
    int port =
        serve(
            request -> {
              received.incrementAndGet();
              request.response().end("{}");
            });

    LoadResult result = OpenLoopLoad.run(clientVertx, "warm", plan(port, 100, 0.5, 0.5, 4, 2.0));

    assertThat(received).hasValue(100);
    assertThat(result.sent()).isEqualTo(50);
    assertThat(result.answered()).isEqualTo(50);
    assertThat(result.latencies().getTotalCount()).isEqualTo(50);
    assertThat(result.toJson()).contains("\"sent\":50,\"answered\":50,\"errors\":0,\"timeouts\":0");
  }

  @Test
  void aPlanWithoutARateNamesTheField() {
    assertThatThrownBy(() -> plan(8080, 0, 0, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("rate:");
  }

  private static LoadPlan plan(
      int port, double rate, double warmup, double duration, int connections, double timeout) {
    return new LoadPlan(
        URI.create("http://127.0.0.1:" + port + "/infer"),
        HttpMethod.POST,
        "{\"x\":1}".getBytes(),
        "application/json",
        rate,
        seconds(warmup),
        seconds(duration),
        connections,
        seconds(timeout));
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos((long) (s * 1e9));
  }

  private int serve(Handler<HttpServerRequest> handler) throws Exception {
    HttpServer server =
        serverVertx
            .createHttpServer()
            .requestHandler(request -> request.body().onSuccess(b -> handler.handle(request)))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    return server.actualPort();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
