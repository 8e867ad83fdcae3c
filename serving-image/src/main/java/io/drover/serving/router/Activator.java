package io.drover.serving.router;

import io.drover.serving.router.RoutingTable.Variant;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Knows which variants are down and brings requests back to them. A request held for a down variant
 * starts one activation: a wake-up when the operator scaled the variant to zero on purpose, then a
 * readiness probe of its model every {@value #PROBE_MILLIS} ms. Every request held meanwhile waits
 * on the same activation, and all are released together when the model reports ready, or refused
 * when the timeout passes. A variant that is down without having been scaled to zero (crashed, not
 * ready) is watched instead: probed every {@value #WATCH_MILLIS} ms, with no timeout and no
 * wake-up, for as long as the table routes to it, while its traffic goes elsewhere.
 */
public final class Activator {

  static final long PROBE_MILLIS = 100;
  static final long WATCH_MILLIS = 250;
  private static final Logger LOG = Logger.getLogger(Activator.class);

  private final Vertx vertx;
  private final VariantConnections connections;
  private final Waker waker;
  private final Duration timeout;
  private final Predicate<Variant> routed;
  private final Map<String, Activation> activations = new ConcurrentHashMap<>();
  private final Map<String, Boolean> down = new ConcurrentHashMap<>();
  private final Map<String, Boolean> watched = new ConcurrentHashMap<>();
  private final AtomicLong wakes = new AtomicLong();
  private final AtomicInteger waiting = new AtomicInteger();

  /**
   * @param routed whether the table in force still routes to that variant (same name, same URL): a
   *     watch ends when it does not
   */
  Activator(
      Vertx vertx,
      VariantConnections connections,
      Waker waker,
      Duration timeout,
      Predicate<Variant> routed) {
    this.vertx = vertx;
    this.connections = connections;
    this.waker = waker;
    this.timeout = timeout;
    this.routed = routed;
  }

  /**
   * One activation of a variant: requests held together, and whether a wake-up started it.
   *
   * @param woken a wake-up was sent: the activation is a cold start
   * @param startNanos when it started ({@link System#nanoTime()})
   */
  public record Activation(
      Future<Void> ready, boolean woken, long startNanos, AtomicBoolean answered) {

    /** True once, for the first request of this activation the variant answered successfully. */
    public boolean firstAnswer() {
      return answered.compareAndSet(false, true);
    }
  }

  /** Whether requests may go straight to the variant (it has not been seen down). */
  public boolean available(Variant variant) {
    return !down.containsKey(variant.name());
  }

  /**
   * Records that the variant refused a connection or answered 503. Unless the operator scaled it to
   * zero (then the request that found it down wakes it), it is watched until it is back.
   */
  public void markDown(Variant variant) {
    down.put(variant.name(), true);
    if (!variant.scaledToZero() && watched.putIfAbsent(variant.name(), true) == null) {
      LOG.warnf(
          "variant %s is down without having been scaled to zero; its traffic goes to the other"
              + " primaries while it is watched",
          variant.name());
      watch(variant);
    }
  }

  public long wakes() {
    return wakes.get();
  }

  /** Requests held now, waiting for a variant to become ready. */
  public int waiting() {
    return waiting.get();
  }

  public Duration timeout() {
    return timeout;
  }

  /** The activation the request joins; its {@code ready} fails after the activation timeout. */
  public Activation activate(Variant variant) {
    waiting.incrementAndGet();
    Activation activation = activations.computeIfAbsent(variant.name(), name -> start(variant));
    activation.ready().onComplete(result -> waiting.decrementAndGet());
    return activation;
  }

  private Activation start(Variant variant) {
    Promise<Void> ready = Promise.promise();
    boolean wake = variant.scaledToZero();
    if (wake) {
      wakes.incrementAndGet();
      vertx.executeBlocking(
          () -> {
            waker.wake(variant);
            return null;
          },
          false);
    }
    long start = System.nanoTime();
    probe(variant, ready, start + timeout.toNanos());
    Future<Void> done =
        ready
            .future()
            .andThen(
                result -> {
                  activations.remove(variant.name());
                  if (result.succeeded()) {
                    down.remove(variant.name());
                    LOG.infof("variant %s is ready", variant.name());
                  }
                });
    return new Activation(done, wake, start, new AtomicBoolean());
  }

  private static String shown(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }

  private void probe(Variant variant, Promise<Void> ready, long deadline) {
    if (!routed.test(variant)) {
      // Dropped from the table while requests waited: they go where the table sends them now.
      ready.tryFail("variant %s is no longer in the routing table".formatted(variant.name()));
      return;
    }
    ready(variant)
        .onComplete(
            result -> {
              if (result.succeeded() && result.result()) {
                ready.tryComplete();
              } else if (System.nanoTime() >= deadline) {
                ready.tryFail(
                    "variant %s did not become ready within %s"
                        .formatted(variant.name(), shown(timeout)));
              } else {
                vertx.setTimer(PROBE_MILLIS, id -> probe(variant, ready, deadline));
              }
            });
  }

  /** Probes a variant that went down on its own until it is ready or no longer routed to. */
  private void watch(Variant variant) {
    if (!routed.test(variant)) {
      // Replaced or removed: whatever the table now names under this name gets a fresh try.
      watched.remove(variant.name());
      down.remove(variant.name());
      return;
    }
    ready(variant)
        .onComplete(
            result -> {
              if (result.succeeded() && result.result()) {
                watched.remove(variant.name());
                down.remove(variant.name());
                LOG.infof("variant %s is back", variant.name());
              } else {
                vertx.setTimer(WATCH_MILLIS, id -> watch(variant));
              }
            });
  }

  private Future<Boolean> ready(Variant variant) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(variant.url() + variant.readyPath())
            .setTimeout(1000);
    return connections
        .current()
        .request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode() == 200));
  }
}
