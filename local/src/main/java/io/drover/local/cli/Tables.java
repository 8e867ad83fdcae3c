package io.drover.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lists objects the way {@code kubectl get} shows them: the API's own server-side table (the CRDs'
 * printer columns), laid out in kubectl's columns.
 */
final class Tables {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io";

  private final URI api;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Tables(URI api) {
    this.api = api;
  }

  /** E.g. {@code get("drover.io/v1alpha1", "trainingruns", "default")}. */
  String get(String groupVersion, String plural, String namespace) {
    String base = groupVersion.contains("/") ? "/apis/" + groupVersion : "/api/" + groupVersion;
    URI uri = api.resolve(base + "/namespaces/" + namespace + "/" + plural);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header("Accept", TABLE)
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return "(" + plural + ": the API answered " + response.statusCode() + ")";
      }
      return render(JSON.readTree(response.body()));
    } catch (IOException e) {
      return "(" + plural + ": " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  /** kubectl's layout: upper-case headers, columns three spaces apart, priority-0 columns only. */
  static String render(JsonNode table) {
    List<Integer> shown = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    JsonNode columns = table.path("columnDefinitions");
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).path("priority").asInt(0) == 0) {
        shown.add(i);
        headers.add(columns.get(i).path("name").asText().toUpperCase(Locale.ROOT));
      }
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : table.path("rows")) {
      List<String> cells = new ArrayList<>();
      for (int i : shown) {
        JsonNode cell = row.path("cells").path(i);
        cells.add(cell.isNull() || cell.isMissingNode() ? "" : cell.asText());
      }
      rows.add(cells);
    }
    if (rows.isEmpty()) {
      return "No resources found.";
    }
    int[] widths = new int[headers.size()];
    for (int c = 0; c < headers.size(); c++) {
      widths[c] = headers.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    append(out, headers, widths);
    rows.forEach(row -> append(out, row, widths));
    return out.toString().stripTrailing();
  }

  private static void append(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      line.append(cells.get(c));
      if (c < cells.size() - 1) {
        line.append(" ".repeat(widths[c] - cells.get(c).length() + 3));
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
