package io.drover.serving.listener;

import io.drover.serving.protocol.InferResponses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One connection's guard below Vert.x, where the request head is parsed: a head (request line and
 * headers) must be complete within {@code headerTimeout} of its first byte, else 408 and the
 * connection is closed; a head Netty's decoder refuses (line or headers too long, malformed) is
 * answered in JSON — 414, 431 or 400 — instead of Vert.x's empty body, and the connection closed.
 * Two handlers share this state: one ahead of the decoder sees the first byte arrive, one behind it
 * sees the parsed head (and writes through the encoder).
 */
final class RequestHeadGuard {

  private static final Logger LOG = Logger.getLogger(RequestHeadGuard.class);

  /** What the two handlers are called in the connection's pipeline. */
  static final String BYTES = "drover-head-bytes";

  static final String HEADS = "drover-head-parsed";

  private final long timeoutNanos;
  private final ConnectionGuards.Settings settings;

  /** When the first byte of the head now awaited arrived; 0 while none is awaited or started. */
  private long headStarted;

  private boolean betweenRequests = true;
  private int unanswered;
  private ScheduledFuture<?> check;

  /** Where the answers are written from: behind the encoder, so that they are encoded. */
  private ChannelHandlerContext heads;

  RequestHeadGuard(ConnectionGuards.Settings settings) {
    this.timeoutNanos = Math.max(1, settings.headerTimeout().toNanos());
    this.settings = settings;
  }

  /**
   * Places the two handlers around the HTTP/1.x codec of {@code pipeline}; false, leaving it
   * untouched, when it has no such codec (an HTTP/2 or TLS connection still being set up).
   */
  boolean install(ChannelPipeline pipeline) {
    if (pipeline.get("httpDecoder") == null || pipeline.get("httpEncoder") == null) {
      return false;
    }
    pipeline.addBefore("httpDecoder", BYTES, new Bytes());
    // After the encoder: what this handler writes is encoded; what it reads is parsed.
    pipeline.addAfter("httpEncoder", HEADS, new Heads());
    heads = pipeline.context(HEADS);
    return true;
  }

  /** Ahead of the decoder: the first byte of a head starts its clock. */
  private final class Bytes extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (betweenRequests
          && headStarted == 0
          && msg instanceof ByteBuf bytes
          && bytes.isReadable()
          // Still HTTP/1.x: a connection switched to another protocol has no heads to time.
          && ctx.pipeline().get("httpDecoder") != null) {
        headStarted = System.nanoTime();
        if (check == null) {
          schedule(timeoutNanos);
        }
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** Behind the decoder: a parsed head stops the clock, a refused one is answered here. */
  private final class Heads extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest head) {
        headStarted = 0;
        betweenRequests = false;
        if (head.decoderResult().isFailure()) {
          ReferenceCountUtil.release(msg);
          refuse(ctx, head.decoderResult().cause());
          return;
        }
        unanswered++;
      }
      if (msg instanceof LastHttpContent) {
        betweenRequests = true;
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      boolean interim =
          msg instanceof HttpResponse response
              && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
      if (msg instanceof LastHttpContent && !interim && unanswered > 0) {
        unanswered--;
      }
      ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (check != null) {
        check.cancel(false);
      }
      ctx.fireChannelInactive();
    }
  }

  private void schedule(long delayNanos) {
    check = heads.executor().schedule(this::checkDeadline, delayNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * One timer per connection, re-armed for the head in progress rather than set and cancelled for
   * every request: most heads arrive in one read, long before it fires.
   */
  private void checkDeadline() {
    check = null;
    if (headStarted == 0 || !heads.channel().isActive()) {
      return;
    }
    long left = headStarted + timeoutNanos - System.nanoTime();
    if (left > 0) {
      schedule(left);
      return;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    LOG.debugf("request head from %s not complete within %d ms; closing", heads.channel(), millis);
    if (unanswered > 0) {
      // An answer to an earlier request is still due: a 408 now would be taken for it.
      heads.channel().close();
      return;
    }
    answer(
        heads,
        HttpResponseStatus.REQUEST_TIMEOUT,
        "the request line and headers were not received within %d ms".formatted(millis));
  }

  private void refuse(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debugf("request head from %s refused: %s", ctx.channel(), cause);
    if (cause instanceof TooLongHttpLineException) {
      answer(
          ctx,
          HttpResponseStatus.REQUEST_URI_TOO_LONG,
          "the request line is longer than %d bytes".formatted(settings.maxInitialLineLength()));
    } else if (cause instanceof TooLongHttpHeaderException) {
      answer(
          ctx,
          HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
          "the request headers are larger than %d bytes".formatted(settings.maxHeaderSize()));
    } else {
      answer(
          ctx,
          HttpResponseStatus.BAD_REQUEST,
          "the request line or a header is malformed: " + cause.getMessage());
    }
  }

  /** The error body, then the connection closed: what follows the head cannot be trusted. */
  private static void answer(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
    byte[] body = InferResponses.error(message);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, "close");
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
