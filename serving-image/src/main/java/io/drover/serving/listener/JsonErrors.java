package io.drover.serving.listener;

import io.drover.serving.protocol.InferResponses;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * Turns any failure on the listener into {@code {"error": "..."}} with a status a client can act
 * on. Malformed framing (a chunk size that is not hex, an invalid chunk extension) is the client's
 * fault: 400, logged at DEBUG only, so no client can flood the log with stack traces.
 */
public final class JsonErrors {

  private static final Logger LOG = Logger.getLogger(JsonErrors.class);

  private JsonErrors() {}

  /** The status {@link #answer} gives this failure, for a handler that counts it first. */
  public static int statusOf(RoutingContext ctx) {
    if (isMalformedFraming(ctx.failure())) {
      return 400;
    }
    int status = ctx.statusCode();
    return status >= 400 && status < 500 ? status : 500;
  }

  /** The failure's status and message: the client's fault (4xx) or the server's (500, logged). */
  public static void answer(RoutingContext ctx, int maxBodyBytes) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    if (failure instanceof HttpClosedException) {
      LOG.debugf("client closed the connection during %s", ctx.normalizedPath());
      return;
    }
    if (isMalformedFraming(failure)) {
      LOG.debugf("malformed request framing on %s: %s", ctx.normalizedPath(), failure);
      error(ctx, 400, "the request body's framing is malformed: " + failure.getMessage(), true);
      flushBeforeClose(ctx);
    } else if (status == 413) {
      error(ctx, 413, "the body exceeds the limit of %d bytes".formatted(maxBodyBytes), false);
    } else if (status >= 400 && status < 500) {
      error(ctx, status, "the request could not be read (HTTP " + status + ")", false);
    } else {
      LOG.error("request to " + ctx.normalizedPath() + " failed", failure);
      error(ctx, 500, "the server failed on this request; its log has the details", false);
    }
  }

  /**
   * Netty's decoder refusing the bytes after the headers: chunk sizes and extensions. Only what
   * Netty threw: a NumberFormatException from the server's own code is a fault, not the client's.
   */
  static boolean isMalformedFraming(Throwable failure) {
    if (failure == null) {
      return false;
    }
    StackTraceElement[] trace = failure.getStackTrace();
    boolean thrownByNetty = false;
    for (int i = 0; i < Math.min(3, trace.length); i++) {
      thrownByNetty |= trace[i].getClassName().startsWith("io.netty.");
    }
    // DecoderException covers the invalid chunk extension and a chunk line that is too long.
    return failure instanceof DecoderException
        || failure instanceof NumberFormatException && thrownByNetty;
  }

  /**
   * Vert.x closes the connection right after a decoder failure, while the bytes that failed are
   * still being read, and writes made during a read are flushed only when the read completes: the
   * answer would be discarded unflushed. Flushing the channel now makes it leave first.
   */
  private static void flushBeforeClose(RoutingContext ctx) {
    if (ctx.request().connection() instanceof ConnectionBase connection) {
      connection.channel().flush();
    }
  }

  /**
   * Answers {@code status} with the error body; {@code close} also closes the connection, for a
   * request whose remaining bytes cannot be trusted.
   */
  public static void error(RoutingContext ctx, int status, String message, boolean close) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed() || response.headWritten()) {
      return;
    }
    response.setStatusCode(status).putHeader("content-type", "application/json");
    if (close) {
      response.putHeader("connection", "close");
    }
    response.end(Buffer.buffer(InferResponses.error(message)));
  }
}
