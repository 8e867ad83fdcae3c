package io.drover.serving.router;

import io.drover.serving.protocol.InferResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** The router's own answers use the Open Inference Protocol's error body too. */
final class RouterReplies {

  private RouterReplies() {}

  static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, InferResponses.error(message));
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
}
