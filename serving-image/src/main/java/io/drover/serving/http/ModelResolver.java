package io.drover.serving.http;

import io.drover.serving.model.ModelService;
import io.drover.serving.model.ServedModel;
import io.drover.serving.protocol.ProtocolException;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;

/**
 * Finds the model a request path names: 404 for another name or version, 503 while loading (except
 * for inference, which waits for the model instead: see {@link #awaitModel}).
 */
final class ModelResolver {

  private final ModelService service;

  ModelResolver(ModelService service) {
    this.service = service;
  }

  ServedModel resolve(RoutingContext ctx) {
    ServedModel served = service.served();
    String name = name(ctx);
    String version = ctx.pathParam("version");
    if (served == null) {
      throw new ProtocolException(503, "model " + name + " is not ready: it is still loading");
    }
    if (!served.answersTo(name, version)) {
      throw ProtocolException.notFound(
          version == null || !served.name().equals(name)
              ? "model %s is not served here; this server serves %s"
                  .formatted(abbreviate(name), served.name())
              : "model %s has no version %s; this server serves version %s"
                  .formatted(served.name(), abbreviate(version), served.version()));
    }
    return served;
  }

  /**
   * While the model loads, runs {@code then} on the request's own context once it is loaded, and
   * returns true; once it is loaded, returns false at once. So an inference that reaches a server
   * still starting (the router's first request after a wake-up, a client ignoring readiness) is
   * answered when the model can answer it, not with an error.
   */
  boolean awaitModel(RoutingContext ctx, Runnable then) {
    if (service.served() != null) {
      return false;
    }
    Context context = ctx.vertx().getOrCreateContext();
    service.loaded().thenRun(() -> context.runOnContext(ignored -> then.run()));
    return true;
  }

  static String name(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    return name != null ? name : ctx.pathParam("param0");
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
