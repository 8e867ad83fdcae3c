package io.drover.local.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.drover.local.api.object.Json;
import io.drover.local.api.protobuf.ProtobufBodies;
import io.drover.local.api.status.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.List;

/** One request and its answer: parameters, the body, and JSON responses with warnings. */
final class Exchange {

  private static final YAMLMapper YAML = new YAMLMapper();

  private final HttpServerRequest request;
  private final Buffer body;

  Exchange(HttpServerRequest request, Buffer body) {
    this.request = request;
    this.body = body;
  }

  HttpServerRequest request() {
    return request;
  }

  String method() {
    return request.method().name();
  }

  String path() {
    return request.path();
  }

  /** A query parameter, or null. */
  String param(String name) {
    return request.getParam(name);
  }

  boolean flag(String name) {
    String value = param(name);
    return value != null && (value.equals("true") || value.equals("1"));
  }

  String header(String name) {
    return request.getHeader(name);
  }

  /** Whether the client asked for a Table ({@code as=Table} in Accept). */
  boolean wantsTable() {
    String accept = header("Accept");
    return accept != null && accept.contains("as=Table");
  }

  /** Whether the client asked for metadata only ({@code as=PartialObjectMetadata[List]}). */
  boolean wantsMetadataOnly() {
    String accept = header("Accept");
    return accept != null && accept.contains("as=PartialObjectMetadata") && !wantsTable();
  }

  boolean hasBody() {
    return body != null && body.length() > 0;
  }

  /** The body as JSON (or YAML, by Content-Type); 400 when it is neither. */
  JsonNode body() {
    if (!hasBody()) {
      throw ApiException.badRequest("the request needs a body");
    }
    String contentType = header("Content-Type");
    if (contentType != null && contentType.startsWith("application/vnd.kubernetes.protobuf")) {
      return ProtobufBodies.decode(body.getBytes());
    }
    if (contentType != null
        && contentType.contains("yaml")
        && !contentType.contains("apply-patch")) {
      try {
        return YAML.readTree(body.getBytes());
      } catch (IOException e) {
        throw ApiException.badRequest("the request body is not valid YAML: " + e.getMessage());
      }
    }
    return Json.parse(body.toString());
  }

  void json(int code, JsonNode answer) {
    json(code, answer, List.of());
  }

  void json(int code, JsonNode answer, List<String> warnings) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(code);
    response.putHeader("Content-Type", "application/json");
    for (String warning : warnings) {
      response.headers().add("Warning", "299 - \"" + warning.replace("\"", "\\\"") + "\"");
    }
    response.end(Json.write(answer));
  }

  void error(ApiException error) {
    json(error.code(), error.toStatus());
  }

  void text(int code, String contentType, String text) {
    HttpServerResponse response = request.response();
    response.setStatusCode(code);
    response.putHeader("Content-Type", contentType);
    response.end(text);
  }

  void bytes(int code, String contentType, byte[] bytes) {
    HttpServerResponse response = request.response();
    response.setStatusCode(code);
    response.putHeader("Content-Type", contentType);
    response.end(Buffer.buffer(bytes));
  }
}
