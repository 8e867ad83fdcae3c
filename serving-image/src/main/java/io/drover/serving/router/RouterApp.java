package io.drover.serving.router;

import io.drover.serving.listener.ListenerGuard;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;

/**
 * The router's parts wired together on a Vert.x router, with no CDI: the application uses it
 * through {@link RouterRoutes}, and the tests on a plain Vert.x server with their own waker.
 */
public final class RouterApp {

  /**
   * @param maxBodyBytes largest request body proxied; larger ones get 413
   * @param feedbackIds request ids remembered with the variant that answered them, for feedback
   * @param readTimeout time a client has to send its request once the headers are in
   */
  public record Settings(
      Duration activationTimeout,
      Duration backendTimeout,
      Duration statsWindow,
      int maxShadowsInFlight,
      double agreementTolerance,
      int maxBodyBytes,
      int feedbackIds,
      Duration readTimeout) {}

  private final TableHolder tables = new TableHolder();
  private final Activator activator;
  private final RouterStats stats;
  private final ProxyHandler proxy;
  private final int maxBodyBytes;
  private final ListenerGuard guard;

  public RouterApp(Vertx vertx, MeterRegistry registry, Waker waker, Settings settings) {
    VariantConnections connections = new VariantConnections(vertx);
    activator =
        new Activator(
            vertx,
            connections,
            waker,
            settings.activationTimeout(),
            // Routed while the table names it at the same address; a new weight or flag is no
            // reason to give up on it.
            variant ->
                tables.table() != null
                    && tables.table().variants().stream()
                        .anyMatch(
                            v -> v.name().equals(variant.name()) && v.url().equals(variant.url())));
    stats = new RouterStats(settings.statsWindow(), registry);
    Gauge.builder("drover.router.wakes", activator, Activator::wakes)
        .description("Wake-up requests sent for scaled-to-zero variants")
        .register(registry);
    proxy =
        new ProxyHandler(
            tables,
            new VariantClient(vertx, connections, settings.backendTimeout().toMillis()),
            activator,
            stats,
            new ShadowComparator(settings.agreementTolerance()),
            new ShadowSlots(settings.maxShadowsInFlight()),
            new AnsweredIds(settings.feedbackIds()));
    maxBodyBytes = settings.maxBodyBytes();
    guard = new ListenerGuard(vertx, settings.readTimeout(), maxBodyBytes);
  }

  public TableHolder tables() {
    return tables;
  }

  public RouterStats stats() {
    return stats;
  }

  public Activator activator() {
    return activator;
  }

  public void register(Router router) {
    guard.install(router);
    RouterEndpoints endpoints = new RouterEndpoints(tables, stats, activator);
    router.get("/router/health/live").handler(endpoints::live);
    router.get("/router/health/ready").handler(endpoints::ready);
    router.get("/router/stats").handler(endpoints::stats);
    // Last, so the router's own endpoints and /metrics are matched first; everything else is
    // proxied, which keeps the router transparent to KServe clients.
    router
        .routeWithRegex("^(?!/metrics$|/router/|/q/).*")
        .order(Integer.MAX_VALUE - 5)
        .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
        .handler(proxy::handle)
        .failureHandler(guard::answerFailure);
  }
}
