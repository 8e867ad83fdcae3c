package io.drover.serving.listener;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * First and last on every listener's router: checks the request target, gives the client {@code
 * readTimeout} to send the rest of its request once the headers are in (a trickled body is answered
 * 408 and the connection closed), and makes every unmatched path and unhandled failure, Quarkus'
 * own {@code /q/*} included, a JSON error. Idle connections are closed by the server's idle timeout
 * ({@code quarkus.http.idle-timeout}), and connections are bounded by {@code
 * quarkus.http.limits.max-connections}. What happens before a request reaches a router — its head
 * being read and parsed — is {@link RequestHeadGuard}'s.
 */
public final class ListenerGuard {

  /** What a server at {@code OPTIONS *} says it allows (RFC 9110 §9.3.7). */
  public static final String ALLOW = "GET, POST, OPTIONS";

  private static final Logger LOG = Logger.getLogger(ListenerGuard.class);

  private final Vertx vertx;
  private final long readTimeoutMillis;
  private final int maxBodyBytes;

  public ListenerGuard(Vertx vertx, Duration readTimeout, int maxBodyBytes) {
    this.vertx = vertx;
    this.readTimeoutMillis = Math.max(1, readTimeout.toMillis());
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Registers the guard on {@code router}, before and after the application's own routes; each mode
   * installs it once on the listener's router.
   */
  public void install(Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::guard);
    // After every route's own failure handler, before Quarkus' HTML one.
    router.route().order(Integer.MAX_VALUE - 1).failureHandler(this::answerFailure);
    router.errorHandler(404, ListenerGuard::notFound);
    router.errorHandler(
        405,
        ctx ->
            JsonErrors.error(
                ctx,
                405,
                ctx.request().method() + " is not allowed on " + ctx.request().path(),
                false));
    router.errorHandler(500, this::answerFailure);
  }

  /**
   * Answers a failed request; a route's own failure handler ends with this, as a request target
   * without a path fails on every route that matches everything.
   */
  public void answerFailure(RoutingContext ctx) {
    if ("*".equals(ctx.request().uri())) {
      asterisk(ctx);
    } else {
      JsonErrors.answer(ctx, maxBodyBytes);
    }
  }

  /** No route matched; an asterisk-form target never matches one, as it has no path. */
  private static void notFound(RoutingContext ctx) {
    if ("*".equals(ctx.request().uri())) {
      asterisk(ctx);
    } else {
      JsonErrors.error(ctx, 404, "no endpoint at " + abbreviate(ctx.request().path()), false);
    }
  }

  private void guard(RoutingContext ctx) {
    if (!ctx.request().isEnded()) {
      long timer = vertx.setTimer(readTimeoutMillis, id -> readTimedOut(ctx));
      ctx.addEndHandler(done -> vertx.cancelTimer(timer));
    }
    ctx.next();
  }

  /** {@code OPTIONS *} asks the server itself (RFC 9112 §3.2.4); nothing else may use it. */
  private static void asterisk(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.OPTIONS) {
      ctx.response().setStatusCode(204).putHeader("allow", ALLOW).end();
    } else {
      JsonErrors.error(
          ctx,
          400,
          "the request target * is only for OPTIONS; " + ctx.request().method() + " needs a path",
          true);
    }
  }

  private void readTimedOut(RoutingContext ctx) {
    if (ctx.request().isEnded() || ctx.response().ended()) {
      return;
    }
    LOG.debugf(
        "request to %s not read within %d ms; closing", ctx.request().path(), readTimeoutMillis);
    JsonErrors.error(
        ctx,
        408,
        "the request was not received within %d ms of its headers".formatted(readTimeoutMillis),
        true);
    ctx.request().connection().close();
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "this target";
    }
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
