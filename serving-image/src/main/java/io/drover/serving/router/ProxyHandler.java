package io.drover.serving.router;

import io.drover.serving.router.Activator.Activation;
import io.drover.serving.router.RoutingTable.Variant;
import io.drover.serving.router.VariantClient.Answer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forwards one request to the variant the table picks, holds it while that variant wakes (or fails
 * it over to another primary when the variant went down without being scaled to zero), and mirrors
 * inference requests to the shadows, once each, once the client has its answer: a shadow's work
 * never overlaps the request it copies (on shared CPUs, at moderate load, it falls between the
 * primary's requests), and the client's answer never waits for a shadow. Shadow copies beyond a
 * bounded number in flight are dropped and counted, so a slow shadow cannot slow the primary. A
 * shadow's answer is compared with the answer the client got. Feedback goes to {@link
 * FeedbackRouter}.
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
  private final ShadowCopies copies = new ShadowCopies();
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
    this.feedback = new FeedbackRouter(variants, activator, stats, shadowSlots, answered, copies);
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
    if (table.closed() != null) {
      // Outside the active windows nothing answers and nothing is woken.
      stats.closed();
      RouterReplies.closed(ctx, table.closed());
      return;
    }
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
            table,
            sticky,
            requestId,
            request.method(),
            ProxiedRequests.originForm(request),
            body,
            inference,
            promise(),
            new Flight(stats));
    if (inference && !table.shadows().isEmpty()) {
      // Once per request, here rather than in dispatch: a held request is dispatched again.
      call.answered().future().onComplete(answer -> mirror(call, table, answer.result()));
    }
    route(call, variant, List.of());
  }

  /**
   * @param sticky the sticky header's value, or null: a failover keeps a user on one variant too
   * @param answered completes with the answer the client got; fails when it got the router's error
   */
  private record Call(
      RoutingContext ctx,
      RoutingTable table,
      String sticky,
      String requestId,
      HttpMethod method,
      String uri,
      Buffer body,
      boolean inference,
      Promise<Answer> answered,
      Flight flight) {}

  /** The variant a request is in flight to now (sent to it, or held for it), for the figures. */
  private static final class Flight {
    private final RouterStats stats;
    private String variant;

    Flight(RouterStats stats) {
      this.stats = stats;
    }

    synchronized void to(String name) {
      if (variant != null) {
        stats.leave(variant);
      }
      variant = name;
      if (name != null) {
        stats.enter(name);
      }
    }

    void end() {
      to(null);
    }
  }

  private static Promise<Answer> promise() {
    return Promise.promise();
  }

  /**
   * @param tried variants this request already found down, the first one picked first
   */
  private void route(Call call, Variant target, List<Variant> tried) {
    if (activator.available(target)) {
      dispatch(call, target, tried, null);
    } else {
      down(call, target, tried, 0);
    }
  }

  /**
   * @param activation the activation the request was held for, or null on a first dispatch
   */
  private void dispatch(Call call, Variant target, List<Variant> tried, Activation activation) {
    call.flight().to(target.name());
    long start = System.nanoTime();
    variants
        .send(
            target,
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
                boolean error = answer.status() >= 500;
                stats.request(target.name(), nanos, error);
                if (!error
                    && activation != null
                    && activation.woken()
                    && activation.firstAnswer()) {
                  stats.coldStart(target.name(), System.nanoTime() - activation.startNanos());
                }
                reply(call, target, answer);
                return;
              }
              boolean refused = result.failed() && result.cause() instanceof ConnectException;
              boolean unavailable = result.succeeded() || refused;
              if (unavailable && activation == null) {
                down(call, target, tried, nanos);
              } else if (result.succeeded()) {
                stats.request(target.name(), nanos, true);
                reply(call, target, result.result());
              } else {
                stats.request(target.name(), nanos, true);
                boolean timeout = result.cause() instanceof TimeoutException;
                fail(
                    call,
                    timeout ? 504 : 502,
                    "variant %s %s: %s"
                        .formatted(
                            target.name(),
                            timeout ? "did not answer in time" : "could not be reached",
                            result.cause().getMessage()));
              }
            });
  }

  /**
   * The target is down. Scaled to zero on purpose: hold the request and wake it. Down on its own:
   * another primary that is up takes the request (counted as an error of the one that is down), so
   * nobody waits for a crashed pod while a healthy one can answer; only with none left is it held.
   */
  private void down(Call call, Variant target, List<Variant> tried, long nanos) {
    activator.markDown(target);
    if (!target.scaledToZero()) {
      List<Variant> excluded = new ArrayList<>(tried);
      excluded.add(target);
      Variant other = failover(call, excluded);
      if (other != null) {
        stats.request(target.name(), nanos, true);
        dispatch(call, other, excluded, null);
        return;
      }
    }
    hold(call, tried.isEmpty() ? target : tried.get(0));
  }

  /** Another stable or candidate variant that is up, picked as the table would pick; or null. */
  private Variant failover(Call call, List<Variant> excluded) {
    List<Variant> others = new ArrayList<>();
    for (Variant variant : call.table().answering()) {
      if (!excluded.contains(variant) && !variant.scaledToZero() && activator.available(variant)) {
        others.add(variant);
      }
    }
    return others.isEmpty() ? null : VariantPicker.among(others, call.sticky());
  }

  private void hold(Call call, Variant target) {
    call.flight().to(target.name());
    Activation activation = activator.activate(target);
    activation
        .ready()
        .onSuccess(ready -> dispatch(call, target, List.of(), activation))
        .onFailure(
            failure -> {
              if (rerouted(call, target)) {
                return;
              }
              stats.request(target.name(), 0, true);
              fail(call, 503, failure.getMessage() + "; try again when it has started");
            });
  }

  /**
   * A request held for a variant the table no longer routes to (a switch back, a rollback, a
   * version removed) goes where the table in force sends it now, instead of failing: the operator
   * removes a version once traffic has moved away, and a request caught in between is not lost.
   */
  private boolean rerouted(Call call, Variant target) {
    RoutingTable now = tables.table();
    if (now == null || now == call.table() || now.closed() != null) {
      return false;
    }
    boolean stillRouted = now.primaries().stream().anyMatch(v -> v.name().equals(target.name()));
    if (stillRouted) {
      return false;
    }
    Call again =
        new Call(
            call.ctx(),
            now,
            call.sticky(),
            call.requestId(),
            call.method(),
            call.uri(),
            call.body(),
            call.inference(),
            call.answered(),
            call.flight());
    route(again, VariantPicker.pick(now, call.sticky()), List.of());
    return true;
  }

  /**
   * @param primary the answer the client got, or null when it got the router's error
   */
  private void mirror(Call call, RoutingTable table, Answer primary) {
    String id =
        primary == null ? call.requestId() : RouterReplies.requestId(primary, call.requestId());
    for (Variant shadow : table.shadows()) {
      if (ThreadLocalRandom.current().nextInt(100) >= shadow.mirrorPercent()) {
        continue;
      }
      if (!shadowSlots.tryAcquire()) {
        stats.shadow(shadow.name(), "dropped");
        continue;
      }
      long start = System.nanoTime();
      stats.enter(shadow.name());
      Future<Answer> copy =
          variants.send(
              shadow, call.method(), call.uri(), call.ctx().request().headers(), call.body(), id);
      copies.track(id, copy);
      copy.onComplete(
          result -> {
            shadowSlots.release();
            stats.leave(shadow.name());
            boolean failed = result.failed() || result.result().status() >= 500;
            stats.request(shadow.name(), System.nanoTime() - start, failed);
            if (failed) {
              stats.shadow(shadow.name(), "error");
            }
          });
      copy.onSuccess(
          answer -> {
            if (answer.status() < 500 && primary != null && primary.status() == 200) {
              boolean agree = comparator.agree(primary.body(), answer.body());
              stats.shadow(shadow.name(), agree ? "agree" : "disagree");
            }
          });
    }
  }

  // The client's answer is written before the promise completes: the shadow copies it releases
  // leave after it.
  private void reply(Call call, Variant variant, Answer answer) {
    call.flight().end();
    if (call.inference() && answer.status() == 200) {
      answered.remember(RouterReplies.requestId(answer, call.requestId()), variant.name());
    }
    RouterReplies.answer(call.ctx(), variant.name(), answer, call.requestId());
    call.answered().tryComplete(answer);
  }

  private void fail(Call call, int status, String message) {
    call.flight().end();
    RouterReplies.error(call.ctx(), status, message);
    call.answered().tryFail(message);
  }
}
