package io.drover.serving.router;

import io.drover.serving.router.RoutingTable.Variant;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.List;

/**
 * Sends one request to a variant over the router's pooled keep-alive client and collects the whole
 * answer. The body is shared, not copied: each send reads it through its own slice, so the primary
 * and its shadow copies can be written at the same time.
 */
final class VariantClient {

  /** Hop-by-hop headers (RFC 9110 §7.6.1) and those the client sets itself: never forwarded. */
  static final List<String> HOP_BY_HOP =
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
          "content-length");

  /** A variant's answer, read in full. */
  record Answer(int status, MultiMap headers, Buffer body) {}

  private final HttpClient client;
  private final long timeoutMillis;

  VariantClient(HttpClient client, long timeoutMillis) {
    this.client = client;
    this.timeoutMillis = timeoutMillis;
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
    MultiMap forwarded = HttpHeaders.headers().addAll(headers);
    for (String name : HOP_BY_HOP) {
      forwarded.remove(name);
    }
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
            .setHeaders(forwarded)
            .setTimeout(timeoutMillis);
    return client
        .request(options)
        .compose(request -> request.send(body))
        .compose(
            response ->
                response
                    .body()
                    .map(answer -> new Answer(response.statusCode(), response.headers(), answer)));
  }
}
