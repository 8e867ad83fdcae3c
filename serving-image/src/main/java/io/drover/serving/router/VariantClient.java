package io.drover.serving.router;

import io.drover.serving.router.RoutingTable.Variant;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one request to a variant over the router's pooled keep-alive client and collects the whole
 * answer. The body is shared, not copied: each send reads it through its own slice, so the primary
 * and its shadow copies can be written at the same time.
 */
final class VariantClient {

  /** Hop-by-hop headers (RFC 9110 §7.6.1) and those the client sets itself: never forwarded. */
  private static final Set<String> HOP_BY_HOP = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  static {
    HOP_BY_HOP.addAll(
        List.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "content-length"));
  }

  /** A variant's answer, read in full. */
  record Answer(int status, MultiMap headers, Buffer body) {}

  private final Vertx vertx;
  private final VariantConnections connections;
  private final long timeoutMillis;

  /**
   * @param timeoutMillis for the whole answer, headers and body, from the request being sent
   */
  VariantClient(Vertx vertx, VariantConnections connections, long timeoutMillis) {
    this.vertx = vertx;
    this.connections = connections;
    this.timeoutMillis = timeoutMillis;
  }

  /** Adds {@code from}'s headers to {@code to}, but for the hop-by-hop ones: either direction. */
  static void copyForwardable(MultiMap from, MultiMap to) {
    for (Map.Entry<String, String> header : from) {
      if (!HOP_BY_HOP.contains(header.getKey())) {
        to.add(header.getKey(), header.getValue());
      }
    }
  }

  /**
   * @param headers the client's headers; hop-by-hop ones are left out
   * @param requestId sent as {@value ProxyHandler#REQUEST_ID}
   */
  Future<Answer> send(
      Variant variant,
      HttpMethod method,
      String uri,
      MultiMap headers,
      Buffer body,
      String requestId) {
    MultiMap forwarded = HttpHeaders.headers();
    copyForwardable(headers, forwarded);
    forwarded.set(ProxyHandler.REQUEST_ID, requestId);
    // Host, port and path set apart: an absolute URI would be parsed again on every request.
    URI url = variant.url();
    boolean ssl = "https".equalsIgnoreCase(url.getScheme());
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setHost(url.getHost())
            .setPort(url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80)
            .setSsl(ssl)
            .setURI(uri)
            .setHeaders(forwarded);
    // One deadline for the whole answer, from waiting for a pooled connection to the body's last
    // byte. (The client's own timeout is an idle one and stops at the headers: a body that stalls
    // after them would hold the request until the variant closed.)
    Promise<Answer> answer = Promise.promise();
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    long deadline =
        vertx.setTimer(
            timeoutMillis,
            id -> {
              if (answer.tryFail(
                  new TimeoutException("no complete answer within " + timeoutMillis + " ms"))) {
                HttpClientRequest request = sent.get();
                if (request != null) {
                  request.reset(0, new TimeoutException("deadline"));
                }
              }
            });
    connections
        .current()
        .request(options)
        .compose(
            request -> {
              sent.set(request);
              if (answer.future().isComplete()) {
                // The deadline passed while this request waited for a connection.
                request.reset(0, new TimeoutException("deadline"));
                return Future.failedFuture(new TimeoutException("deadline"));
              }
              return request.send(body);
            })
        .compose(
            response ->
                response
                    .body()
                    .map(bytes -> new Answer(response.statusCode(), response.headers(), bytes)))
        .onComplete(
            result -> {
              vertx.cancelTimer(deadline);
              if (result.succeeded()) {
                answer.tryComplete(result.result());
              } else {
                answer.tryFail(result.cause());
              }
            });
    return answer.future();
  }
}
