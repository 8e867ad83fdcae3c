package io.drover.operator.inferenceservice.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Instant queries against Prometheus' HTTP API ({@code GET /api/v1/query}), each bounded by a
 * timeout both here and on the Prometheus side.
 */
public final class PrometheusApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Duration timeout;
  private final HttpClient client;

  /**
   * @param base the server's base URL, e.g. {@code http://prometheus.monitoring.svc:9090}
   */
  public PrometheusApi(String base, Duration timeout) {
    this.base = baseUri(base);
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  private static URI baseUri(String url) {
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url : url + "/");
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException(
          "drover.monitoring.prometheus-url is '%s', not an http(s) URL such as".formatted(url)
              + " http://prometheus.monitoring.svc:9090");
    }
    return uri;
  }

  /** One series of an instant vector: its labels (with {@code __name__}) and its value. */
  public record Sample(Map<String, String> labels, double value) {
    public Sample {
      labels = Map.copyOf(labels);
    }

    public String label(String name) {
      return labels.get(name);
    }
  }

  /** The instant vector {@code promql} evaluates to now. */
  public List<Sample> query(String promql) {
    URI uri =
        base.resolve(
            "api/v1/query?query="
                + encode(promql)
                + "&timeout="
                + Math.max(1, timeout.toMillis())
                + "ms");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new DataPlaneException(
          "Prometheus at %s gave no answer to %s: %s".formatted(base, promql, describe(e)), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataPlaneException("Prometheus query interrupted: " + promql, e);
    }
    return parse(promql, response.statusCode(), response.body());
  }

  /** The samples of an API answer; a refusal or a non-vector answer names the query and why. */
  static List<Sample> parse(String promql, int status, byte[] body) {
    JsonNode answer;
    try {
      answer = JSON.readTree(body);
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.isObject()) {
      throw new DataPlaneException(
          "Prometheus answered %d to %s with a body that is not its API's JSON: %s"
              .formatted(status, promql, start(body)));
    }
    if (!"success".equals(answer.path("status").asText())) {
      throw new DataPlaneException(
          "Prometheus refused %s (%d %s): %s"
              .formatted(
                  promql,
                  status,
                  answer.path("errorType").asText("no errorType"),
                  answer.path("error").asText("no error message")));
    }
    JsonNode data = answer.path("data");
    if (!"vector".equals(data.path("resultType").asText())) {
      throw new DataPlaneException(
          "Prometheus answered %s with a %s, not an instant vector"
              .formatted(promql, data.path("resultType").asText("missing resultType")));
    }
    List<Sample> samples = new ArrayList<>();
    for (JsonNode series : data.path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      series
          .path("metric")
          .fields()
          .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      // [ <unix time>, "<value>" ]; the value is a string so that NaN and ±Inf survive JSON.
      samples.add(new Sample(labels, number(series.path("value").path(1).asText())));
    }
    return samples;
  }

  private static double number(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          yield Double.NaN;
        }
      }
    };
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String start(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
