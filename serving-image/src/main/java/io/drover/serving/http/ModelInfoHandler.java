package io.drover.serving.http;

import io.drover.contract.bundle.ModelManifest;
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
  static Map<String, Object> metadata(ServedModel model) {
    ModelManifest manifest = model.model().manifest();
    int width = model.input().width();
    int labels = manifest.output().labels().size();
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("features", model.input().features());
    parameters.put("labels", manifest.output().labels());
    parameters.put("label_column", manifest.output().labelColumn());
    parameters.put("format", manifest.format());
    parameters.put("architecture", model.model().architecture());
    parameters.put("weights_digest", model.model().weightsDigest());
    parameters.put("max_batch_rows", model.input().maxRows());
    parameters.put("metrics", manifest.metrics());
    if (manifest.trainingRun() != null) {
      parameters.put("training_run", manifest.trainingRun());
    }
    if (manifest.createdAt() != null) {
      parameters.put("created_at", manifest.createdAt());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", model.name());
    body.put("versions", List.of(model.version()));
    body.put("platform", model.model().format().platform());
    body.put("inputs", List.of(tensor(model.input().tensorName(), "FP32", -1, width)));
    body.put(
        "outputs",
        List.of(
            tensor(InferResponses.LABEL, "BYTES", -1),
            tensor(InferResponses.PROBABILITIES, "FP32", -1, labels)));
    body.put("parameters", parameters);
    return body;
  }

  private static Map<String, Object> tensor(String name, String datatype, long... shape) {
    Map<String, Object> tensor = new LinkedHashMap<>();
    tensor.put("name", name);
    tensor.put("datatype", datatype);
    tensor.put("shape", shape);
    return tensor;
  }
}
