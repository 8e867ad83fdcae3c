package io.drover.serving.router;

import io.drover.serving.Http;
import io.drover.serving.listener.ConnectionGuards;
import io.drover.serving.router.RoutingTable.Variant;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real router on a real port in front of real HTTP backends, all on localhost, with a waker that
 * counts instead of calling Kubernetes.
 */
final class RouterHarness implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final AtomicInteger wakes = new AtomicInteger();
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final RouterApp app;
  final Http http;
  private final List<HttpServer> servers = new ArrayList<>();

  RouterHarness(Duration activationTimeout) {
    this(activationTimeout, 1000);
  }

  RouterHarness(Duration activationTimeout, int feedbackIds) {
    this(activationTimeout, feedbackIds, Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  /**
   * @param backendTimeout for a variant's whole answer
   * @param readTimeout for a client to send its request once the headers are in
   */
  RouterHarness(
      Duration activationTimeout, int feedbackIds, Duration backendTimeout, Duration readTimeout) {
    Waker waker = (Variant variant) -> wakes.incrementAndGet();
    app =
        new RouterApp(
            vertx,
            registry,
            waker,
            new RouterApp.Settings(
                activationTimeout,
                backendTimeout,
                Duration.ofSeconds(60),
                64,
                1e-3,
                1 << 20,
                feedbackIds,
                readTimeout));
    Router router = Router.router(vertx);
    app.register(router);
    // As Quarkus' listener is in the application: HTTP/1.1 only, its header limits, guarded; the
    // request head gets the same deadline as the body.
    HttpServer server =
        listen(
            vertx.createHttpServer(
                new HttpServerOptions().setHttp2ClearTextEnabled(false).setMaxHeaderSize(20480)),
            router,
            0);
    ConnectionGuards.install(server, new ConnectionGuards.Settings(readTimeout, 4096, 20480));
    http = new Http(URI.create("http://127.0.0.1:" + server.actualPort()));
  }

  RouterHarness() {
    this(Duration.ofSeconds(30));
  }

  /** A backend answering like a model server, {@code label} being what {@code answer} says. */
  String backend(Handler<HttpServerRequest> handler) {
    return "http://127.0.0.1:" + listen(handler, 0).actualPort();
  }

  HttpServer listen(Handler<HttpServerRequest> handler, int port) {
    return listen(vertx.createHttpServer(), handler, port);
  }

  private HttpServer listen(HttpServer created, Handler<HttpServerRequest> handler, int port) {
    try {
      HttpServer server =
          created
              .requestHandler(handler)
              .listen(port, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      servers.add(server);
      return server;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Answers a v2 infer response whose label is {@code label}, and 200 on readiness paths. */
  static void answer(HttpServerRequest request, String label) {
    request.body().onSuccess(body -> reply(request, label));
  }

  /** The answer, for a handler that has read the body itself. */
  static void reply(HttpServerRequest request, String label) {
    request
        .response()
        .putHeader("content-type", "application/json")
        .end(
            "{\"model_name\":\"iris\",\"outputs\":[{\"name\":\"label\",\"datatype\":\"BYTES\","
                + "\"shape\":[1],\"data\":[\""
                + label
                + "\"]}]}");
  }

  /** The Prometheus text the router's {@code /metrics} would serve. */
  String metrics() {
    return registry.scrape();
  }

  void table(String yaml) {
    if (!app.tables().offer(yaml, "test")) {
      throw new IllegalStateException("table refused: " + app.tables().lastError());
    }
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
