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
  static final String REQUEST_ID = "x-request-id";

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
    if (resolver.awaitModel(ctx, () -> handle(ctx, protocol))) {
      return;
    }
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
    String id;
    try {
      boolean v2 = protocol.equals("v2");
      InferRequest request =
          v2
              ? InferRequestReader.read(body, model.input())
              : V1RequestReader.read(body, model.input());
      id = id(request, ctx);
      Prediction prediction = model.classifier().predict(request.rows());
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
    ctx.response().putHeader(REQUEST_ID, id);
    Replies.json(ctx, 200, response);
  }

  /**
   * The id the prediction is stored under for feedback: the body's {@code id}, else the {@value
   * #REQUEST_ID} header (the router sends one with every request, so feedback joins through it),
   * else a new one. The answer carries it in its body (v2) and in its {@value #REQUEST_ID} header.
   */
  private String id(InferRequest request, RoutingContext ctx) {
    if (request.id() != null) {
      return request.id();
    }
    String header = ctx.request().getHeader(REQUEST_ID);
    if (header == null || header.isBlank()) {
      return idPrefix + ids.incrementAndGet();
    }
    if (header.length() > InferRequestReader.MAX_ID_LENGTH) {
      throw ProtocolException.badRequest(
          "the %s header must be at most %d characters; send a shorter request id"
              .formatted(REQUEST_ID, InferRequestReader.MAX_ID_LENGTH));
    }
    return header;
  }

  private void fail(RoutingContext ctx, String protocol, int status, String message) {
    metrics.failure(protocol, status);
    Replies.error(ctx, status, message);
  }
}
