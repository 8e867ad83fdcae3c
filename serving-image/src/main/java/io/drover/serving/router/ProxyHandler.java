package io.drover.serving.router;

import io.drover.serving.router.RoutingTable.Variant;
import io.drover.serving.router.VariantClient.Answer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.ConnectException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forwards one request to the variant the table picks, holds it while that variant wakes, and
 * mirrors inference requests to the shadows, once each, after the primary is dispatched. The
 * client's answer never waits for a shadow; shadow copies beyond a bounded number in flight are
 * dropped and counted, so a slow shadow cannot slow the primary. A shadow's answer is compared with
 * the answer the client got. Feedback goes to {@link FeedbackRouter}.
 */
public final class ProxyHandler {

  public static final String VARIANT_HEADER = "x-drover-variant";
  public static final String REQUEST_ID = "x-request-id";

  private final TableHolder tables;
  private final VariantClient variants;
  private final Activator activator;
  private final RouterStats stats;
  private final ShadowComparator comparator;
  private final ShadowSlots shadowSlots;
  private final AnsweredIds answered;
  private final FeedbackRouter feedback;
  // A random prefix per process and a counter: unique across replicas without the shared lock
  // of UUID.randomUUID's SecureRandom on every request.
  private final String idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
  private final AtomicLong ids = new AtomicLong();

  ProxyHandler(
      TableHolder tables,
      VariantClient variants,
      Activator activator,
      RouterStats stats,
      ShadowComparator comparator,
      ShadowSlots shadowSlots,
      AnsweredIds answered) {
    this.tables = tables;
    this.variants = variants;
    this.activator = activator;
    this.stats = stats;
    this.comparator = comparator;
    this.shadowSlots = shadowSlots;
    this.answered = answered;
    this.feedback = new FeedbackRouter(variants, activator, stats, shadowSlots, answered);
  }

  public void handle(RoutingContext ctx) {
    RoutingTable table = tables.table();
    if (table == null) {
      RouterReplies.error(ctx, 503, "the router has no routing table yet");
      return;
    }
    HttpServerRequest request = ctx.request();
    String requestId = request.getHeader(REQUEST_ID);
    if (requestId == null || requestId.isBlank()) {
      requestId = idPrefix + ids.incrementAndGet();
    }
    Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    if (ProxiedRequests.isFeedback(request.method(), request.path())) {
      feedback.handle(ctx, table, body, requestId);
      return;
    }
    String sticky = table.stickyHeader() == null ? null : request.getHeader(table.stickyHeader());
    Variant variant = VariantPicker.pick(table, sticky);
    boolean inference = ProxiedRequests.isInference(request.method(), request.path());
    Call call =
        new Call(
            ctx,
            variant,
            requestId,
            request.method(),
            ProxiedRequests.originForm(request),
            body,
            inference,
            promise());
    if (activator.available(variant)) {
      dispatch(call, false);
    } else {
      hold(call);
    }
    if (inference) {
      // Once per request, here rather than in dispatch: a held request is dispatched again.
      mirror(call, table);
    }
  }

  /**
   * @param answered completes with the answer the client got; fails when it got the router's error
   */
  private record Call(
      RoutingContext ctx,
      Variant variant,
      String requestId,
      HttpMethod method,
      String uri,
      Buffer body,
      boolean inference,
      Promise<Answer> answered) {}

  private static Promise<Answer> promise() {
    return Promise.promise();
  }

  private void dispatch(Call call, boolean retried) {
    long start = System.nanoTime();
    variants
        .send(
            call.variant(),
            call.method(),
            call.uri(),
            call.ctx().request().headers(),
            call.body(),
            call.requestId())
        .onComplete(
            result -> {
              long nanos = System.nanoTime() - start;
              if (result.succeeded() && result.result().status() != 503) {
                Answer answer = result.result();
                stats.request(call.variant().name(), nanos, answer.status() >= 500);
                reply(call, answer);
                return;
              }
              boolean refused = result.failed() && result.cause() instanceof ConnectException;
              boolean unavailable = result.succeeded() || refused;
              if (unavailable && !retried) {
                // Scaled to zero, or a model still loading: wake it and hold the request.
                activator.markDown(call.variant());
                hold(call);
              } else if (result.succeeded()) {
                stats.request(call.variant().name(), nanos, true);
                reply(call, result.result());
              } else {
                stats.request(call.variant().name(), nanos, true);
                boolean timeout = result.cause() instanceof TimeoutException;
                fail(
                    call,
                    timeout ? 504 : 502,
                    "variant %s %s: %s"
                        .formatted(
                            call.variant().name(),
                            timeout ? "did not answer in time" : "could not be reached",
                            result.cause().getMessage()));
              }
            });
  }

  private void hold(Call call) {
    activator
        .activate(call.variant())
        .onSuccess(ready -> dispatch(call, true))
        .onFailure(
            failure -> {
              stats.request(call.variant().name(), 0, true);
              fail(call, 503, failure.getMessage() + "; try again when it has started");
            });
  }

  private void mirror(Call call, RoutingTable table) {
    for (Variant shadow : table.shadows()) {
      if (ThreadLocalRandom.current().nextInt(100) >= shadow.mirrorPercent()) {
        continue;
      }
      if (!shadowSlots.tryAcquire()) {
        stats.shadow(shadow.name(), "dropped");
        continue;
      }
      long start = System.nanoTime();
      Future<Answer> copy =
          variants.send(
              shadow,
              call.method(),
              call.uri(),
              call.ctx().request().headers(),
              call.body(),
              call.requestId());
      copy.onComplete(
          result -> {
            shadowSlots.release();
            boolean failed = result.failed() || result.result().status() >= 500;
            stats.request(shadow.name(), System.nanoTime() - start, failed);
            if (failed) {
              stats.shadow(shadow.name(), "error");
            }
          });
      Future<Answer> primary = call.answered().future();
      Future.join(primary, copy)
          .onComplete(
              both -> {
                boolean comparable =
                    copy.succeeded()
                        && copy.result().status() < 500
                        && primary.succeeded()
                        && primary.result().status() == 200;
                if (comparable) {
                  boolean agree = comparator.agree(primary.result().body(), copy.result().body());
                  stats.shadow(shadow.name(), agree ? "agree" : "disagree");
                }
              });
    }
  }

  private void reply(Call call, Answer answer) {
    call.answered().tryComplete(answer);
    if (call.inference() && answer.status() == 200) {
      answered.remember(RouterReplies.requestId(answer, call.requestId()), call.variant().name());
    }
    RouterReplies.answer(call.ctx(), call.variant().name(), answer, call.requestId());
  }

  private void fail(Call call, int status, String message) {
    call.answered().tryFail(message);
    RouterReplies.error(call.ctx(), status, message);
  }
}
