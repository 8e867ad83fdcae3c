package io.drover.serving.http;

import io.drover.serving.ServingConfig;
import io.drover.serving.listener.JsonErrors;
import io.drover.serving.listener.ListenerGuard;
import io.drover.serving.model.ModelService;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * The HTTP surface, on a plain Vert.x router: every byte of every answer, errors included, is the
 * server's own, so no framework page or stack trace can leak into a response.
 */
@ApplicationScoped
public class ServingRoutes {

  private static final String MODEL = "/v2/models/:name";
  private static final String VERSION = "/v2/models/:name/versions/:version";
  private static final Pattern POST_ONLY =
      Pattern.compile(
          "/v2/models/[^/]+(/versions/[^/]+)?/(infer|feedback)|/v1/models/[^/]+:predict");
  private static final Pattern INFER = Pattern.compile(".*(/infer|:predict)");
  private static final Pattern GET_ONLY =
      Pattern.compile(
          "/v2|/v2/health/(live|ready)|/v2/models/[^/]+(/versions/[^/]+)?(/ready)?"
              + "|/v2/models/[^/]+(/versions/[^/]+)?/(monitoring|test-rows)|/v1/models/[^/:]+");

  private final ModelService service;
  private final ServingConfig config;
  private final ListenerGuard guard;

  ServingRoutes(ModelService service, ServingConfig config, Vertx vertx) {
    this.service = service;
    this.config = config;
    this.guard = new ListenerGuard(vertx, config.http().readTimeout(), config.maxBodyBytes());
  }

  void register(@Observes Router router) {
    if (!"server".equals(config.mode())) {
      return;
    }
    guard.install(router);
    ModelResolver resolver = new ModelResolver(service);
    ModelInfoHandler info = new ModelInfoHandler(service, resolver);
    InferenceHandler inference = new InferenceHandler(resolver, service.requests());
    FeedbackHandler feedback = new FeedbackHandler(resolver);
    TestRowsHandler testRows = new TestRowsHandler(resolver);
    BodyHandler body =
        BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()).setHandleFileUploads(false);

    router.get("/v2").handler(info::serverMetadata);
    router.get("/v2/health/live").handler(info::live);
    router.get("/v2/health/ready").handler(info::ready);
    for (String model : new String[] {MODEL, VERSION}) {
      router.get(model).handler(info::modelMetadata);
      router.get(model + "/ready").handler(info::modelReady);
      router.post(model + "/infer").handler(body).handler(inference::v2);
      router.post(model + "/feedback").handler(body).handler(feedback::handle);
      router.get(model + "/monitoring").handler(info::monitoring);
      router.get(model + "/test-rows").handler(testRows::handle);
    }
    router.get("/v1/models/:name").handler(info::v1Status);
    router.postWithRegex("/v1/models/([^/:]+):predict").handler(body).handler(inference::v1);

    router.route("/v2/*").handler(ServingRoutes::unmatched);
    router.route("/v1/*").handler(ServingRoutes::unmatched);
    router.route("/v2/*").failureHandler(this::failure);
    router.route("/v1/*").failureHandler(this::failure);
  }

  private static void unmatched(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (POST_ONLY.matcher(path).matches()) {
      ctx.response().putHeader("allow", "POST");
      Replies.error(ctx, 405, ctx.request().method() + " is not allowed on " + path + "; use POST");
    } else if (GET_ONLY.matcher(path).matches()) {
      ctx.response().putHeader("allow", "GET");
      Replies.error(ctx, 405, ctx.request().method() + " is not allowed on " + path + "; use GET");
    } else {
      Replies.error(ctx, 404, "no endpoint at " + abbreviate(path));
    }
  }

  /** Last line of defence: whatever failed, the client gets the protocol's error body. */
  private void failure(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (INFER.matcher(path).matches()) {
      service.requests().failure(path.startsWith("/v1/") ? "v1" : "v2", JsonErrors.statusOf(ctx));
    }
    guard.answerFailure(ctx);
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
