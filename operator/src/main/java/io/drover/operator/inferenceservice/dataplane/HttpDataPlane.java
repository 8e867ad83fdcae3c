package io.drover.operator.inferenceservice.dataplane;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.contract.serving.ModelMetadata;
import io.drover.contract.serving.MonitoringReport;
import io.drover.contract.serving.RouterStatsReport;
import io.drover.contract.serving.TestRows;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The data plane over HTTP, with a timeout on every call. */
public final class HttpDataPlane implements DataPlane {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final HttpClient client;
  private final Duration timeout;

  public HttpDataPlane(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public RouterStatsReport routerStats(String pod) {
    return read(get(pod + "/router/stats"), RouterStatsReport.class);
  }

  @Override
  public Optional<MonitoringReport> monitoring(String pod, String model) {
    HttpResponse<byte[]> response = send(get(pod + "/v2/models/" + path(model) + "/monitoring"));
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(read(response, MonitoringReport.class));
  }

  @Override
  public ModelMetadata metadata(String pod, String model) {
    return read(get(pod + "/v2/models/" + path(model)), ModelMetadata.class);
  }

  @Override
  public Optional<TestRows> testRows(String pod, String model, int limit) {
    HttpResponse<byte[]> response =
        send(get(pod + "/v2/models/" + path(model) + "/test-rows?limit=" + limit));
    if (response.statusCode() == 404 || response.statusCode() == 405) {
      return Optional.empty();
    }
    return Optional.of(read(response, TestRows.class));
  }

  @Override
  public List<String> predict(String pod, String model, List<List<Double>> rows) {
    int features = rows.isEmpty() ? 0 : rows.get(0).size();
    ObjectNode body = JSON.createObjectNode();
    ObjectNode input = body.putArray("inputs").addObject();
    input.put("name", "input-0");
    input.putArray("shape").add(rows.size()).add(features);
    input.put("datatype", "FP64");
    ArrayNode data = input.putArray("data");
    rows.forEach(row -> row.forEach(data::add));
    body.putArray("outputs").addObject().put("name", "label");
    String uri = pod + "/v2/models/" + path(model) + "/infer";
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(uri))
              .timeout(timeout)
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
              .build();
    } catch (IOException e) {
      throw new DataPlaneException("cannot encode the request to " + uri, e);
    }
    JsonNode answer = read(send(request), JsonNode.class);
    for (JsonNode output : answer.path("outputs")) {
      if ("label".equals(output.path("name").asText())) {
        List<String> labels = new ArrayList<>();
        output.path("data").forEach(label -> labels.add(label.asText()));
        return labels;
      }
    }
    throw new DataPlaneException("POST " + uri + " answered without a label output");
  }

  private HttpRequest get(String uri) {
    return HttpRequest.newBuilder(URI.create(uri)).timeout(timeout).GET().build();
  }

  private HttpResponse<byte[]> send(HttpRequest request) {
    String call = request.method() + " " + request.uri();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new DataPlaneException(call + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataPlaneException(call + ": interrupted", e);
    }
  }

  private <T> T read(HttpRequest request, Class<T> type) {
    return read(send(request), type);
  }

  private <T> T read(HttpResponse<byte[]> response, Class<T> type) {
    String call = response.request().method() + " " + response.request().uri();
    if (response.statusCode() != 200) {
      throw new DataPlaneException(
          "%s answered %d: %s".formatted(call, response.statusCode(), errorText(response.body())));
    }
    try {
      return JSON.readValue(response.body(), type);
    } catch (IOException e) {
      throw new DataPlaneException(
          call + " answered a document that is not " + type.getSimpleName(), e);
    }
  }

  private static String errorText(byte[] body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.isTextual()) {
        return error.asText();
      }
    } catch (IOException e) {
      // not JSON: show its start instead
    }
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
