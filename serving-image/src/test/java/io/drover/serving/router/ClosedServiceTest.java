package io.drover.serving.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.serving.Http;
import io.drover.serving.monitoring.DocumentedMetrics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A table that says the service is closed (outside its active windows): every client request gets
 * 503 with the reason, when it opens and a {@code Retry-After}; no variant is called or woken; the
 * router's own endpoints still answer; opening again routes as before.
 */
class ClosedServiceTest {

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
  void everyClientRequestIsRefusedUntilItOpensAndNothingIsWoken() {
    harness = new RouterHarness();
    LedgerBackend stable = new LedgerBackend(harness, "stable");
    Instant opensAt = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    harness.table(
        """
        closed: {opensAt: "%s", reason: "iris serves on weekdays 08:00-18:00 Europe/Paris"}
        variants:
          - {name: stable, role: stable, url: "%s", weight: 100, scaledToZero: true}
        """
            .formatted(opensAt, stable.url));
    String expected = "iris serves on weekdays 08:00-18:00 Europe/Paris; it opens at " + opensAt;
    for (Http.Response response :
        new Http.Response[] {
          harness.http.post("/v2/models/iris/infer", BODY),
          harness.http.post("/v1/models/iris:predict", "{\"instances\":[[1,2,3,4]]}"),
          harness.http.get("/v2/models/iris"),
          harness.http.get("/v2/health/ready"),
          harness.http.post("/v2/models/iris/feedback", "{\"id\":\"x\",\"label\":\"setosa\"}")
        }) {
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.json().get("error").asText()).isEqualTo(expected);
      assertThat(response.json().size()).isEqualTo(1);
      assertThat(response.raw().headers().firstValue("content-type")).hasValue("application/json");
      long retryAfter =
          Long.parseLong(response.raw().headers().firstValue("retry-after").orElseThrow());
      assertThat(retryAfter).isBetween(7200L - 60, 7200L);
    }
    assertThat(stable.paths).isEmpty();
    assertThat(harness.wakes.get()).isZero();
    assertThat(harness.http.get("/router/health/ready").status()).isEqualTo(200);
    assertThat(harness.http.get("/router/stats").status()).isEqualTo(200);
    assertThat(harness.metrics()).contains("drover_router_closed_total 5.0");
    assertThat(DocumentedMetrics.discrepancies(harness.metrics()))
        .as("the router's metrics in docs/metrics.md")
        .isEmpty();

    // Open again: the same variant answers.
    harness.table(
        "variants:\n  - {name: stable, role: stable, url: \"%s\", weight: 100}\n"
            .formatted(stable.url));
    assertThat(harness.http.post("/v2/models/iris/infer", BODY).status()).isEqualTo(200);
  }

  @Test
  void withoutAnOpeningTimeTheReasonAloneAndNoRetryAfter() {
    harness = new RouterHarness();
    harness.table("closed: {reason: \"retired\"}\n");
    Http.Response response = harness.http.post("/v2/models/iris/infer", BODY);
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.json().get("error").asText()).isEqualTo("retired");
    assertThat(response.raw().headers().firstValue("retry-after")).isEmpty();
    assertThat(harness.http.get("/router/stats").json().get("variants").size()).isZero();
  }
}
