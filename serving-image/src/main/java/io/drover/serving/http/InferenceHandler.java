package io.drover.serving.http;

import io.drover.serving.model.Prediction;
import io.drover.serving.model.ServedModel;
import io.drover.serving.monitoring.RequestMetrics;
import io.drover.serving.protocol.InferRequest;
import io.drover.serving.protocol.InferRequestReader;
import io.drover.serving.protocol.InferResponses;
import io.drover.serving.protocol.ProtocolException;
import io.drover.serving.protocol.V1RequestReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * {@code POST /v2/models/{name}[/versions/{version}]/infer} and KServe v1's {@code POST
 * /v1/models/{name}:predict}. Small requests run on the event loop: parsing and a forward pass of a
 * few rows take tens of microseconds, less than a hand-off to a worker thread would. Large bodies
 * go to a worker so that no event loop stalls on them.
 */
final class InferenceHandler {

  private static final Logger LOG = Logger.getLogger(InferenceHandler.class);
  static final int INLINE_BODY_BYTES = 64 * 1024;
  static final String BINARY_HEADER = "Inference-Header-Content-Length";

  private final ModelResolver resolver;
  private final RequestMetrics metrics;
  private final String idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
  private final AtomicLong ids = new AtomicLong();

  InferenceHandler(ModelResolver resolver, RequestMetrics metrics) {
    this.resolver = resolver;
    this.metrics = metrics;
  }

  void v2(RoutingContext ctx) {
    handle(ctx, "v2");
  }

  void v1(RoutingContext ctx) {
    handle(ctx, "v1");
  }

  private void handle(RoutingContext ctx, String protocol) {
    long start = System.nanoTime();
    ServedModel model;
    try {
      model = resolver.resolve(ctx);
      if (ctx.request().getHeader(BINARY_HEADER) != null) {
        throw ProtocolException.badRequest(
            "the binary tensor data extension is not supported; send the tensors as JSON");
      }
    } catch (ProtocolException e) {
      fail(ctx, protocol, e.status(), e.getMessage());
      return;
    }
    Buffer body = ctx.body().buffer();
    byte[] bytes = body == null ? new byte[0] : body.getBytes();
    if (bytes.length <= INLINE_BODY_BYTES) {
      answer(ctx, protocol, model, bytes, start);
    } else {
      ctx.vertx()
          .executeBlocking(
              () -> {
                answer(ctx, protocol, model, bytes, start);
                return null;
              },
              false);
    }
  }

  private void answer(
      RoutingContext ctx, String protocol, ServedModel model, byte[] body, long start) {
    byte[] response;
    int rows;
    try {
      boolean v2 = protocol.equals("v2");
      InferRequest request =
          v2
              ? InferRequestReader.read(body, model.input())
              : V1RequestReader.read(body, model.input());
      Prediction prediction = model.classifier().predict(request.rows());
      String id = request.id() != null ? request.id() : idPrefix + ids.incrementAndGet();
      model.monitor().record(id, request.rows(), prediction);
      rows = prediction.rows();
      response =
          v2
              ? InferResponses.v2(
                  model.name(),
                  model.version(),
                  id,
                  model.classifier().labels(),
                  prediction.classes(),
                  prediction.probabilities(),
                  request.outputs())
              : InferResponses.v1(
                  model.classifier().labels(), prediction.classes(), prediction.probabilities());
    } catch (ProtocolException e) {
      fail(ctx, protocol, e.status(), e.getMessage());
      return;
    } catch (RuntimeException | StackOverflowError e) {
      LOG.error("inference failed", e);
      fail(ctx, protocol, 500, "the model failed on this request; the server log has the details");
      return;
    }
    metrics.success(protocol, rows, System.nanoTime() - start);
    Replies.json(ctx, 200, response);
  }

  private void fail(RoutingContext ctx, String protocol, int status, String message) {
    metrics.failure(protocol, status);
    Replies.error(ctx, status, message);
  }
}
