package io.drover.serving.router;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The router's keep-alive connections to its variants: one pool per event loop, so a request is
 * proxied entirely on the event loop that received it. Vert.x opens a connection on the event loop
 * of the request that needed it, but then lends it to a request arriving on any loop; a request and
 * its upstream connection on different loops cost two hand-offs between threads per request (the
 * write, then the answer), which on a router sharing a pod's CPUs with nothing else is a large part
 * of its work.
 */
final class VariantConnections {

  /**
   * Connections per backend host and event loop: what one loop's requests can have in flight to a
   * variant at once (shadow copies held by a slow shadow included) before they queue for one.
   */
  static final int MAX_PER_HOST = 64;

  private final Vertx vertx;
  private final HttpClientOptions options;
  private final PoolOptions perLoop;
  private final HttpClient offLoop;
  private final Map<Thread, HttpClient> byLoop = new ConcurrentHashMap<>();

  VariantConnections(Vertx vertx) {
    this.vertx = vertx;
    // Idle connections are let go before a model server's own idle timeout (60 s) would close
    // them under a request.
    options =
        new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(30).setTcpNoDelay(true);
    perLoop = new PoolOptions().setHttp1MaxSize(MAX_PER_HOST);
    offLoop = vertx.createHttpClient(options, perLoop);
  }

  /** The pool of the calling event loop; off an event loop, one shared pool. */
  HttpClient current() {
    if (!Context.isOnEventLoopThread()) {
      return offLoop;
    }
    return byLoop.computeIfAbsent(
        Thread.currentThread(), loop -> vertx.createHttpClient(options, perLoop));
  }
}
