package io.drover.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.serving.Http;
import io.drover.serving.MonitoringProfile;
import io.drover.serving.ServerUnderTest;
import io.drover.serving.TestBundles;
import io.drover.serving.monitoring.DocumentedMetrics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drift, outliers, class distribution and live accuracy, read back from the monitoring endpoint
 * after real traffic. One test, because each step builds on the window the previous one left.
 */
@QuarkusTest
@TestProfile(MonitoringProfile.class)
class MonitoringTest {

  private static final String INFER = "/v2/models/iris/infer";
  private static final String MONITORING = "/v2/models/iris/monitoring";
  private static final int PETAL_LENGTH = 2;

  @TestHTTPResource("/")
  URL base;

  @Test
  void driftOutliersDistributionAndLiveAccuracy() {
    Http http = ServerUnderTest.ready(base);
    List<String[]> data = TestBundles.rows(TestBundles.irisData());

    JsonNode empty = http.get(MONITORING).json();
    assertThat(empty.get("window").get("rows").asInt()).isZero();
    assertThat(empty.get("drift").get("features").get(0).get("psi").isNull()).isTrue();
    assertThat(empty.get("accuracy").get("live").isNull()).isTrue();

    // The training data itself, one row per request as live traffic arrives: PSI stays low.
    List<String> ids = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      double[] row = TestBundles.features(data.get(i));
      JsonNode answer =
          http.post(
                  INFER, "{\"id\": \"row-%d\", %s".formatted(i, Requests.single(row).substring(1)))
              .json();
      ids.add(answer.get("id").asText());
      predicted.add(answer.get("outputs").get(0).get("data").get(0).asText());
    }
    JsonNode baseline = http.get(MONITORING).json();
    assertThat(baseline.get("window").get("rows").asInt()).isEqualTo(MonitoringProfile.WINDOW_ROWS);
    for (JsonNode feature : baseline.get("drift").get("features")) {
      assertThat(feature.get("psi").asDouble()).as(feature.toString()).isLessThan(0.1);
      assertThat(feature.get("outlierRate").asDouble()).isZero();
    }
    assertThat(baseline.get("requests").get("success").asLong()).isEqualTo(data.size());
    JsonNode classes = baseline.get("predictions");
    assertThat(classes.get("rows").asInt()).isEqualTo(MonitoringProfile.WINDOW_ROWS);
    long setosa = predicted.stream().filter("setosa"::equals).count();
    assertThat(classes.get("window").get("setosa").asLong()).isEqualTo(setosa);
    assertThat(classes.get("shares").get("setosa").asDouble())
        .isCloseTo((double) setosa / data.size(), within(1e-9));

    // Ground truth for the first 100 predictions: live accuracy is exactly the share that matched.
    int correct = 0;
    for (int i = 0; i < 100; i++) {
      String truth = data.get(i)[4];
      correct += truth.equals(predicted.get(i)) ? 1 : 0;
      Http.Response feedback =
          http.post(
              "/v2/models/iris/feedback",
              "{\"id\": \"%s\", \"labels\": [\"%s\"]}".formatted(ids.get(i), truth));
      assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
    }
    JsonNode accuracy = http.get(MONITORING).json().get("accuracy");
    assertThat(accuracy.get("rows").asInt()).isEqualTo(100);
    assertThat(accuracy.get("live").asDouble()).isCloseTo(correct / 100.0, within(1e-12));
    assertThat(accuracy.get("totalCorrect").asLong()).isEqualTo(correct);
    assertThat(correct).isGreaterThan(80);
    // The same answer twice is refused, never counted twice.
    assertThat(
            http.post(
                    "/v2/models/iris/feedback",
                    "{\"id\": \"%s\", \"label\": \"setosa\"}".formatted(ids.get(0)))
                .status())
        .isEqualTo(404);

    // Petal length shifted by +3 cm, in batches of 30: its PSI passes 0.2, outliers appear.
    for (int start = 0; start < data.size(); start += 30) {
      double[][] batch = new double[30][];
      for (int i = 0; i < 30; i++) {
        double[] row = TestBundles.features(data.get(start + i));
        row[PETAL_LENGTH] += 3.0;
        batch[i] = row;
      }
      assertThat(http.post(INFER, Requests.matrix("FP32", batch, null)).status()).isEqualTo(200);
    }
    JsonNode shifted = http.get(MONITORING).json();
    JsonNode petal = shifted.get("drift").get("features").get(PETAL_LENGTH);
    assertThat(petal.get("name").asText()).isEqualTo("petal_length");
    assertThat(petal.get("psi").asDouble()).isGreaterThan(0.2);
    assertThat(petal.get("outlierRate").asDouble()).isGreaterThan(0.3);
    assertThat(shifted.get("drift").get("maxPsi").asDouble())
        .isEqualTo(petal.get("psi").asDouble());
    for (int other : new int[] {0, 1, 3}) {
      assertThat(shifted.get("drift").get("features").get(other).get("psi").asDouble())
          .isLessThan(0.1);
    }
    assertThat(shifted.get("requests").get("rows").asLong()).isEqualTo(2L * data.size());

    String metrics = http.get("/metrics").body();
    double scraped =
        Arrays.stream(metrics.split("\n"))
            .filter(line -> line.startsWith("drover_feature_psi{feature=\"petal_length\"}"))
            .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .findFirst()
            .orElseThrow();
    assertThat(scraped).isGreaterThan(0.2);
    assertThat(metrics).contains("drover_live_accuracy " + (correct / 100.0));
    // The rows the figures cover, which the operator's Prometheus source weights replicas by.
    assertThat(metrics)
        .contains("drover_live_accuracy_rows 100.0")
        .contains("drover_drift_window_rows " + (double) MonitoringProfile.WINDOW_ROWS);
    assertThat(DocumentedMetrics.discrepancies(metrics))
        .as("the server's metrics in docs/metrics.md")
        .isEmpty();
  }
}
