package io.drover.serving.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.contract.serving.RouterStatsReport;
import io.drover.serving.Http;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /router/stats} is the contract's {@link RouterStatsReport}: read into the record the
 * operator reads and written back, it is the same JSON, byte for byte, before any table (nulls) and
 * with a table, traffic and a shadow (values); and it has the names, order and nesting
 * serving-image/README.md documents.
 */
class RouterStatsDocumentTest {

  private static final String BODY =
      "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}";

  private RouterHarness harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void theStatisticsRoundTripThroughTheContractRecord() throws Exception {
    harness = new RouterHarness();
    RouterStatsReport empty = roundTrips(stats());
    assertThat(empty.table().source()).isNull();
    assertThat(empty.variants()).isEmpty();

    String stable = harness.backend(request -> RouterHarness.answer(request, "setosa"));
    String shadow = harness.backend(request -> RouterHarness.answer(request, "versicolor"));
    harness.table(
        """
        stickyHeader: x-user-id
        variants:
          - {name: iris-v3, role: stable, url: "%s", weight: 100, model: iris}
          - {name: iris-v5, role: shadow, url: "%s", mirrorPercent: 100}
        """
            .formatted(stable, shadow));
    assertThat(harness.app.tables().offer("variants: [", "test")).isFalse();
    for (int i = 0; i < 5; i++) {
      assertThat(harness.http.post("/v2/models/iris/infer", BODY).status()).isEqualTo(200);
    }
    await()
        .until(
            () -> roundTrips(stats()).variant("iris-v5").orElseThrow().stats().shadowDisagreed(),
            compared -> compared == 5);

    String json = stats();
    RouterStatsReport report = roundTrips(json);
    // The documented shape (README, "Endpoints and statistics"), names and order.
    JsonNode tree = Http.JSON.readTree(json);
    assertFields(tree, "generatedAt", "windowSeconds", "table", "wakes", "variants");
    assertFields(tree.get("table"), "source", "loadedAt", "stickyHeader", "refusals", "lastError");
    JsonNode variant = tree.get("variants").get(0);
    assertFields(variant, "name", "role", "url", "weight", "mirrorPercent", "available", "stats");
    assertFields(
        variant.get("stats"),
        "requests",
        "errors",
        "errorRate",
        "p50Ms",
        "p95Ms",
        "p99Ms",
        "shadowAgreed",
        "shadowDisagreed",
        "shadowAgreement",
        "shadowDropped",
        "lastRequestTime",
        "inFlight",
        "lastColdStartSeconds");
    assertThat(report.table().stickyHeader()).isEqualTo("x-user-id");
    assertThat(report.table().refusals()).isEqualTo(1);
    assertThat(report.table().lastError()).isNotNull();
    RouterStatsReport.VariantStats primary = report.variant("iris-v3").orElseThrow().stats();
    assertThat(primary.requests()).isEqualTo(5);
    assertThat(primary.p50Ms()).isNotNull();
    assertThat(primary.lastRequestTime()).isNotNull();
    assertThat(primary.inFlight()).isZero();
    assertThat(primary.lastColdStartSeconds()).isNull();
  }

  private String stats() {
    Http.Response response = harness.http.get("/router/stats");
    assertThat(response.status()).isEqualTo(200);
    return response.body();
  }

  private static void assertFields(JsonNode object, String... names) {
    List<String> fields = new ArrayList<>();
    object.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).as(object.toString()).containsExactly(names);
  }

  private static RouterStatsReport roundTrips(String json) throws Exception {
    RouterStatsReport report = Http.JSON.readValue(json, RouterStatsReport.class);
    assertThat(Http.JSON.writeValueAsString(report)).isEqualTo(json);
    return report;
  }
}
