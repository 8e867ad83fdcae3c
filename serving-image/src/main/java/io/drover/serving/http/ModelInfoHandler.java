package io.drover.serving.http;

import io.drover.contract.bundle.ModelManifest;
import io.drover.contract.serving.ModelMetadata;
import io.drover.contract.serving.ModelMetadata.TensorMetadata;
import io.drover.serving.model.ModelService;
import io.drover.serving.model.ServedModel;
import io.drover.serving.protocol.InferResponses;
import io.drover.serving.protocol.ProtocolException;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Health, server and model metadata, model readiness, and the monitoring report. */
final class ModelInfoHandler {

  static final String SERVER_NAME = "drover-serving";

  private final ModelService service;
  private final ModelResolver resolver;
  private final String serverVersion;

  ModelInfoHandler(ModelService service, ModelResolver resolver) {
    this.service = service;
    this.resolver = resolver;
    String version = ModelInfoHandler.class.getPackage().getImplementationVersion();
    this.serverVersion = version == null ? "dev" : version;
  }

  void serverMetadata(RoutingContext ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", SERVER_NAME);
    body.put("version", serverVersion);
    body.put("extensions", List.of());
    Replies.json(ctx, 200, body);
  }

  void live(RoutingContext ctx) {
    Replies.json(ctx, 200, Map.of("live", true));
  }

  /** 200 once the model is loaded and warmed up; 503 before, which fails a readiness probe. */
  void ready(RoutingContext ctx) {
    boolean ready = service.served() != null;
    Replies.json(ctx, ready ? 200 : 503, Map.of("ready", ready));
  }

  void modelReady(RoutingContext ctx) {
    withModel(ctx, model -> Replies.json(ctx, 200, Map.of("name", model.name(), "ready", true)));
  }

  /** KServe v1's {@code GET /v1/models/{name}}. */
  void v1Status(RoutingContext ctx) {
    withModel(ctx, model -> Replies.json(ctx, 200, Map.of("name", model.name(), "ready", true)));
  }

  void modelMetadata(RoutingContext ctx) {
    withModel(ctx, model -> Replies.json(ctx, 200, metadata(model)));
  }

  void monitoring(RoutingContext ctx) {
    withModel(ctx, model -> Replies.json(ctx, 200, model.monitor().report()));
  }

  private void withModel(RoutingContext ctx, java.util.function.Consumer<ServedModel> answer) {
    ServedModel model;
    try {
      model = resolver.resolve(ctx);
    } catch (ProtocolException e) {
      Replies.error(ctx, e.status(), e.getMessage());
      return;
    }
    answer.accept(model);
  }

  /**
   * The protocol's model metadata. The single input tensor is what clients should send; {@code
   * parameters} (a protocol extension point) adds the feature names, which the columnar form uses,
   * the labels, and the manifest's lineage.
   */
  static ModelMetadata metadata(ServedModel model) {
    ModelManifest manifest = model.model().manifest();
    int width = model.input().width();
    int labels = manifest.output().labels().size();
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put(ModelMetadata.FEATURES, model.input().features());
    parameters.put(ModelMetadata.LABELS, manifest.output().labels());
    parameters.put(ModelMetadata.LABEL_COLUMN, manifest.output().labelColumn());
    parameters.put(ModelMetadata.FORMAT, manifest.format());
    parameters.put(ModelMetadata.ARCHITECTURE, model.model().architecture());
    parameters.put(ModelMetadata.WEIGHTS_DIGEST, model.model().weightsDigest());
    parameters.put(ModelMetadata.MAX_BATCH_ROWS, model.input().maxRows());
    parameters.put(ModelMetadata.METRICS, manifest.metrics());
    if (manifest.trainingRun() != null) {
      parameters.put(ModelMetadata.TRAINING_RUN, manifest.trainingRun());
    }
    if (manifest.createdAt() != null) {
      parameters.put(ModelMetadata.CREATED_AT, manifest.createdAt());
    }
    return new ModelMetadata(
        model.name(),
        List.of(model.version()),
        model.model().format().platform(),
        List.of(new TensorMetadata(model.input().tensorName(), "FP32", List.of(-1L, (long) width))),
        List.of(
            new TensorMetadata(InferResponses.LABEL, "BYTES", List.of(-1L)),
            new TensorMetadata(InferResponses.PROBABILITIES, "FP32", List.of(-1L, (long) labels))),
        parameters);
  }
}
