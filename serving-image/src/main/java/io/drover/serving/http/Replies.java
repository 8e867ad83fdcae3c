package io.drover.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.serving.protocol.InferResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers; every error, whatever raised it, leaves as {@code {"error": "..."}}. */
final class Replies {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "content-type";
  private static final String APPLICATION_JSON = "application/json";

  private Replies() {}

  static void json(RoutingContext ctx, int status, byte[] body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(CONTENT_TYPE, APPLICATION_JSON)
        .end(Buffer.buffer(body));
  }

  static void json(RoutingContext ctx, int status, Object document) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the server's own documents always serialize", e);
    }
    json(ctx, status, body);
  }

  static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, InferResponses.error(message));
  }
}
