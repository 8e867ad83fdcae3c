package io.drover.serving.router;

import io.drover.serving.router.RoutingTable.Variant;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.net.ConnectException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Forwards one request to the variant the table picks, holds it while that variant wakes, and
 * mirrors it to the shadows after the primary is dispatched. The client's answer never waits for a
 * shadow; shadow copies beyond a bounded number in flight are dropped and counted, so a slow shadow
 * cannot slow the primary.
 */
public final class ProxyHandler {

  public static final String VARIANT_HEADER = "x-drover-variant";
  public static final String REQUEST_ID = "x-request-id";
  private static final Logger LOG = Logger.getLogger(ProxyHandler.class);
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length");

  private final TableHolder tables;
  private final HttpClient client;
  private final Activator activator;
  private final RouterStats stats;
  private final ShadowComparator comparator;
  private final int maxShadowsInFlight;
  private final long backendTimeoutMillis;
  private final AtomicInteger shadowsInFlight = new AtomicInteger();
  // A random prefix per process and a counter: unique across replicas without the shared lock
  // of UUID.randomUUID's SecureRandom on every request.
  private final String idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
  private final AtomicLong ids = new AtomicLong();

  public ProxyHandler(
      TableHolder tables,
      HttpClient client,
      Activator activator,
      RouterStats stats,
      ShadowComparator comparator,
      int maxShadowsInFlight,
      long backendTimeoutMillis) {
    this.tables = tables;
    this.client = client;
    this.activator = activator;
    this.stats = stats;
    this.comparator = comparator;
    this.maxShadowsInFlight = maxShadowsInFlight;
    this.backendTimeoutMillis = backendTimeoutMillis;
  }

  public void handle(RoutingContext ctx) {
    RoutingTable table = tables.table();
    if (table == null) {
      RouterReplies.error(ctx, 503, "the router has no routing table yet");
      return;
    }
    String requestId = ctx.request().getHeader(REQUEST_ID);
    if (requestId == null || requestId.isBlank()) {
      requestId = idPrefix + ids.incrementAndGet();
    }
    String sticky =
        table.stickyHeader() == null ? null : ctx.request().getHeader(table.stickyHeader());
    Variant variant = VariantPicker.pick(table, sticky);
    Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    Call call =
        new Call(ctx, variant, requestId, ctx.request().method(), ctx.request().uri(), body);
    if (activator.available(variant)) {
      dispatch(call, table, false);
    } else {
      hold(call, table);
    }
  }

  private record Call(
      RoutingContext ctx,
      Variant variant,
      String requestId,
      HttpMethod method,
      String uri,
      Buffer body) {
    MultiMap headers() {
      return ctx.request().headers();
    }
  }

  private record Answer(int status, MultiMap headers, Buffer body) {}

  private void dispatch(Call call, RoutingTable table, boolean retried) {
    long start = System.nanoTime();
    Future<Answer> primary = send(call.variant(), call);
    mirror(call, table, primary);
    primary.onComplete(
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
            hold(call, table);
          } else if (result.succeeded()) {
            stats.request(call.variant().name(), nanos, true);
            reply(call, result.result());
          } else {
            stats.request(call.variant().name(), nanos, true);
            boolean timeout = result.cause() instanceof TimeoutException;
            RouterReplies.error(
                call.ctx(),
                timeout ? 504 : 502,
                "variant %s %s: %s"
                    .formatted(
                        call.variant().name(),
                        timeout ? "did not answer in time" : "could not be reached",
                        result.cause().getMessage()));
          }
        });
  }

  private void hold(Call call, RoutingTable table) {
    activator
        .activate(call.variant())
        .onSuccess(ready -> dispatch(call, table, true))
        .onFailure(
            failure -> {
              stats.request(call.variant().name(), 0, true);
              RouterReplies.error(
                  call.ctx(), 503, failure.getMessage() + "; try again when it has started");
            });
  }

  private Future<Answer> send(Variant variant, Call call) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(call.method())
            .setAbsoluteURI(variant.url() + call.uri())
            .setTimeout(backendTimeoutMillis);
    call.headers()
        .forEach(
            header -> {
              if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                options.addHeader(header.getKey(), header.getValue());
              }
            });
    options.putHeader(REQUEST_ID, call.requestId());
    return client
        .request(options)
        // Each send gets its own copy: the primary and its shadow copies are written concurrently,
        // and no two writes should share one buffer's reader state.
        .compose(request -> request.send(call.body().copy()))
        .compose(
            response ->
                response
                    .body()
                    .map(body -> new Answer(response.statusCode(), response.headers(), body)));
  }

  private void mirror(Call call, RoutingTable table, Future<Answer> primary) {
    for (Variant shadow : table.shadows()) {
      if (ThreadLocalRandom.current().nextInt(100) >= shadow.mirrorPercent()) {
        continue;
      }
      if (shadowsInFlight.incrementAndGet() > maxShadowsInFlight) {
        shadowsInFlight.decrementAndGet();
        stats.shadow(shadow.name(), "dropped");
        continue;
      }
      long start = System.nanoTime();
      Future<Answer> copy = send(shadow, call);
      copy.onComplete(result -> shadowsInFlight.decrementAndGet());
      Future.all(primary, copy)
          .onComplete(
              both -> {
                boolean shadowFailed = copy.failed() || copy.result().status() >= 500;
                stats.request(shadow.name(), System.nanoTime() - start, shadowFailed);
                if (shadowFailed) {
                  stats.shadow(shadow.name(), "error");
                } else if (primary.succeeded() && primary.result().status() == 200) {
                  boolean agree = comparator.agree(primary.result().body(), copy.result().body());
                  stats.shadow(shadow.name(), agree ? "agree" : "disagree");
                }
              });
    }
  }

  private void reply(Call call, Answer answer) {
    var response = call.ctx().response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(answer.status());
    answer
        .headers()
        .forEach(
            header -> {
              if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                response.headers().add(header.getKey(), header.getValue());
              }
            });
    response.putHeader(VARIANT_HEADER, call.variant().name());
    response.putHeader(REQUEST_ID, call.requestId());
    response.end(answer.body()).onFailure(e -> LOG.debug("client went away", e));
  }
}
