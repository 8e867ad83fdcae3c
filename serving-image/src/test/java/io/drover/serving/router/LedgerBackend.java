package io.drover.serving.router;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.serving.Http;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend speaking the model server's id and feedback protocol, as {@code InferenceHandler} and
 * {@code FeedbackHandler} do: an infer request's prediction is stored under the body's id, else the
 * {@code x-request-id} header, and echoed in both; feedback for a stored id is scored once (200),
 * for any other id 404, without an id 400. It records every request it got.
 */
final class LedgerBackend {

  final Set<String> pending = ConcurrentHashMap.newKeySet();
  final List<String> paths = new CopyOnWriteArrayList<>();
  final List<String> scored = new CopyOnWriteArrayList<>();
  final List<String> feedbackIds = new CopyOnWriteArrayList<>();
  final String url;
  private final String name;

  LedgerBackend(RouterHarness harness, String name) {
    this.name = name;
    this.url = harness.backend(this::handle);
  }

  private void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            buffer -> {
              paths.add(request.method() + " " + request.path());
              JsonNode body = parse(buffer.toString());
              if (request.path().endsWith("/feedback")) {
                feedback(request, body);
              } else if (request.path().endsWith("/infer") || request.path().endsWith(":predict")) {
                String id =
                    body != null && body.hasNonNull("id")
                        ? body.get("id").asText()
                        : request.getHeader("x-request-id");
                pending.add(id);
                reply(
                    request,
                    200,
                    id,
                    "{\"id\":\"%s\",\"answeredBy\":\"%s\",%s}".formatted(id, name, LABEL));
              } else {
                reply(request, 200, null, "{\"name\":\"" + name + "\"}");
              }
            });
  }

  private static final String LABEL =
      "\"outputs\":[{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"setosa\"]}]";

  private void feedback(HttpServerRequest request, JsonNode body) {
    if (body == null || !body.hasNonNull("id")) {
      reply(request, 400, null, "{\"error\":\"id must name the request\"}");
      return;
    }
    String id = body.get("id").asText();
    feedbackIds.add(id);
    if (pending.remove(id)) {
      scored.add(id);
      reply(
          request,
          200,
          null,
          "{\"id\":\"%s\",\"rows\":1,\"correct\":1,\"scoredBy\":\"%s\"}".formatted(id, name));
    } else {
      reply(
          request,
          404,
          null,
          "{\"error\":\"no prediction is waiting for feedback under id " + id + "\"}");
    }
  }

  private static void reply(HttpServerRequest request, int status, String id, String body) {
    if (id != null) {
      request.response().putHeader("x-request-id", id);
    }
    request
        .response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body);
  }

  private static JsonNode parse(String text) {
    try {
      return text.isEmpty() ? null : Http.JSON.readTree(text);
    } catch (Exception e) {
      return null;
    }
  }
}
