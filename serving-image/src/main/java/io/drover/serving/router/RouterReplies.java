package io.drover.serving.router;

import io.drover.serving.protocol.InferResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/** The router's answers: a variant's, passed on, or its own in the protocol's error body. */
final class RouterReplies {

  private static final Logger LOG = Logger.getLogger(RouterReplies.class);

  private RouterReplies() {}

  static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, InferResponses.error(message));
  }

  /**
   * 503 for a service outside its active windows, with {@code Retry-After} in seconds until it
   * opens when the table says when.
   */
  static void closed(RoutingContext ctx, RoutingTable.Closed closed) {
    String message = closed.reason();
    if (closed.opensAt() != null) {
      message += "; it opens at " + closed.opensAt();
      long millis = Duration.between(Instant.now(), closed.opensAt()).toMillis();
      ctx.response().putHeader("retry-after", Long.toString(Math.max(1, (millis + 999) / 1000)));
    }
    error(ctx, 503, message);
  }

  static void json(RoutingContext ctx, int status, byte[] body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(Buffer.buffer(body));
  }

  /**
   * Passes a variant's answer on, without hop-by-hop headers, naming the variant. The request id is
   * the variant's own when it sends one (the id it stored the prediction under), else the one the
   * router sent it.
   */
  static void answer(
      RoutingContext ctx, String variant, VariantClient.Answer answer, String requestId) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(answer.status());
    VariantClient.copyForwardable(answer.headers(), response.headers());
    response.putHeader(ProxyHandler.VARIANT_HEADER, variant);
    if (!response.headers().contains(ProxyHandler.REQUEST_ID)) {
      response.putHeader(ProxyHandler.REQUEST_ID, requestId);
    }
    response.end(answer.body()).onFailure(e -> LOG.debug("client went away", e));
  }

  /** The id a variant's answer carries in its header, else the one the router sent. */
  static String requestId(VariantClient.Answer answer, String sent) {
    String id = answer.headers().get(ProxyHandler.REQUEST_ID);
    return id == null || id.isEmpty() ? sent : id;
  }
}
