package io.drover.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP requests to a local API, for what kubectl and Fabric8 hide (codes, headers). */
final class ApiRequests {

  /** One answer: status code, body and the Warning header, if any. */
  record Answer(int code, String body, String warning) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + code + "): " + body, e);
      }
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;

  ApiRequests(URI base) {
    this.base = base;
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), null);
  }

  Answer get(String path, String accept) {
    return send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", accept).GET(), null);
  }

  Answer post(String path, String json) {
    return send(
        HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json"),
        "POST",
        json);
  }

  Answer put(String path, String json) {
    return send(
        HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json"),
        "PUT",
        json);
  }

  Answer patch(String path, String contentType, String body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType),
        "PATCH",
        body);
  }

  Answer delete(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).DELETE(), null);
  }

  private Answer send(HttpRequest.Builder builder, String method, String body) {
    return send(builder.method(method, HttpRequest.BodyPublishers.ofString(body)), null);
  }

  private Answer send(HttpRequest.Builder builder, Void unused) {
    try {
      HttpResponse<String> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Warning").orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
