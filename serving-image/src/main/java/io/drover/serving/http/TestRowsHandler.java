package io.drover.serving.http;

import io.drover.contract.bundle.InvalidBundleException;
import io.drover.serving.model.HeldOutRows;
import io.drover.serving.model.ServedModel;
import io.drover.serving.protocol.ProtocolException;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code GET /v2/models/{name}/test-rows?limit=N}: the bundle's held-out test rows, for the
 * operator's smoke test. The file is read on a worker thread at each call (a rare request; the file
 * may be large and is only counted past the rows returned).
 */
final class TestRowsHandler {

  private static final Logger LOG = Logger.getLogger(TestRowsHandler.class);

  private final ModelResolver resolver;

  TestRowsHandler(ModelResolver resolver) {
    this.resolver = resolver;
  }

  void handle(RoutingContext ctx) {
    ServedModel model;
    int limit;
    try {
      model = resolver.resolve(ctx);
      limit = limit(ctx, model.input().maxRows());
    } catch (ProtocolException e) {
      Replies.error(ctx, e.status(), e.getMessage());
      return;
    }
    ctx.vertx()
        .executeBlocking(
            () -> HeldOutRows.read(model.model().bundle(), model.model().manifest(), limit), false)
        .onComplete(
            result -> {
              if (result.succeeded() && result.result() == null) {
                Replies.error(ctx, 404, "the bundle has no held-out test rows");
              } else if (result.succeeded()) {
                Replies.json(ctx, 200, result.result());
              } else if (result.cause() instanceof InvalidBundleException invalid) {
                Replies.error(
                    ctx,
                    500,
                    "the bundle's held-out test rows are unusable: " + invalid.getMessage());
              } else {
                LOG.error("reading the held-out test rows failed", result.cause());
                Replies.error(
                    ctx,
                    500,
                    result.cause() instanceof IOException
                        ? "the bundle's held-out test rows could not be read; the server log has the details"
                        : "the server failed on this request; its log has the details");
              }
            });
  }

  private static int limit(RoutingContext ctx, int max) {
    List<String> values = ctx.queryParam("limit");
    if (values.isEmpty()) {
      return max;
    }
    String text = values.get(0);
    int limit;
    try {
      limit = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (values.size() > 1 || limit < 1 || limit > max) {
      throw ProtocolException.badRequest(
          "limit must be a whole number from 1 to %d (the most rows one infer request takes); got %s"
              .formatted(max, text.length() <= 20 ? text : text.substring(0, 20) + "…"));
    }
    return limit;
  }
}
