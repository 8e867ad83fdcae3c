package io.drover.serving.router;

import io.drover.serving.router.RoutingTable.Variant;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Wakes variants that have no ready backend. The first request that finds a variant down starts one
 * activation: one wake-up, then a readiness probe of the variant's model every {@value
 * #PROBE_MILLIS} ms. Every request arriving meanwhile waits on the same activation, and all are
 * released together when the model reports ready, or refused when the timeout passes.
 */
public final class Activator {

  static final long PROBE_MILLIS = 100;
  private static final Logger LOG = Logger.getLogger(Activator.class);

  private final Vertx vertx;
  private final HttpClient client;
  private final Waker waker;
  private final Duration timeout;
  private final Map<String, Future<Void>> activations = new ConcurrentHashMap<>();
  private final Map<String, Boolean> down = new ConcurrentHashMap<>();
  private final AtomicLong wakes = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger waiting =
      new java.util.concurrent.atomic.AtomicInteger();

  public Activator(Vertx vertx, HttpClient client, Waker waker, Duration timeout) {
    this.vertx = vertx;
    this.client = client;
    this.waker = waker;
    this.timeout = timeout;
  }

  /** Whether requests may go straight to the variant (it has not been seen down). */
  public boolean available(Variant variant) {
    return !down.containsKey(variant.name());
  }

  /** Records that the variant refused a connection or answered 503: it may be scaled to zero. */
  public void markDown(Variant variant) {
    down.put(variant.name(), true);
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

  /** Completes when the variant's model is ready; fails after the activation timeout. */
  public Future<Void> activate(Variant variant) {
    waiting.incrementAndGet();
    return activations
        .computeIfAbsent(variant.name(), name -> start(variant))
        .andThen(result -> waiting.decrementAndGet());
  }

  private Future<Void> start(Variant variant) {
    Promise<Void> ready = Promise.promise();
    wakes.incrementAndGet();
    vertx.executeBlocking(
        () -> {
          waker.wake(variant);
          return null;
        },
        false);
    long deadline = System.nanoTime() + timeout.toNanos();
    probe(variant, ready, deadline);
    return ready
        .future()
        .andThen(
            result -> {
              activations.remove(variant.name());
              if (result.succeeded()) {
                down.remove(variant.name());
                LOG.infof("variant %s is ready", variant.name());
              }
            });
  }

  private static String shown(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }

  private void probe(Variant variant, Promise<Void> ready, long deadline) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(variant.url() + variant.readyPath())
            .setTimeout(1000);
    client
        .request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()))
        .onComplete(
            result -> {
              if (result.succeeded() && result.result() == 200) {
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
}
