package io.drover.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.contract.serving.ModelMetadata;
import io.drover.contract.serving.MonitoringReport;
import io.drover.contract.serving.TestRows;
import io.drover.serving.Http;
import io.drover.serving.IrisProfile;
import io.drover.serving.ServerUnderTest;
import io.drover.serving.TestBundles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The documents the server writes for the operator are the contract's records: each, read into its
 * record in {@code io.drover.contract.serving} and written back, is the same JSON, byte for byte —
 * no field the server sends is missing from the record the operator reads.
 */
@QuarkusTest
@TestProfile(IrisProfile.class)
class ServedDocumentsTest {

  @TestHTTPResource("/")
  URL base;

  @Test
  void everyDocumentRoundTripsThroughItsContractRecord() throws Exception {
    Http http = ServerUnderTest.ready(base);
    // Traffic and feedback, so that drift, predictions and live accuracy carry values, not nulls.
    List<String[]> data = TestBundles.rows(TestBundles.irisData());
    double[][] rows = data.stream().map(TestBundles::features).toArray(double[][]::new);
    String infer = "{\"id\": \"documents-1\", " + Requests.matrix("FP32", rows, null).substring(1);
    assertThat(http.post("/v2/models/iris/infer", infer).status()).isEqualTo(200);
    String labels =
        data.stream().map(row -> '"' + row[4] + '"').collect(Collectors.joining(",", "[", "]"));
    Http.Response feedback =
        http.post(
            "/v2/models/iris/feedback",
            "{\"id\": \"documents-1\", \"labels\": %s}".formatted(labels));
    assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);

    String monitoring = body(http, "/v2/models/iris/monitoring");
    MonitoringReport report = roundTrips(monitoring, MonitoringReport.class);
    // The documented shape (README, "Monitoring report"), names and order.
    JsonNode tree = Http.JSON.readTree(monitoring);
    assertFields(
        tree,
        "model",
        "startedAt",
        "generatedAt",
        "window",
        "requests",
        "drift",
        "predictions",
        "accuracy",
        "feedback");
    assertFields(tree.get("model"), "name", "version", "format", "trainingAccuracy", "loadSeconds");
    assertFields(tree.get("window"), "rows", "capacity", "minRowsForDrift");
    assertFields(tree.get("requests"), "total", "success", "clientError", "serverError", "rows");
    assertFields(tree.get("drift"), "maxPsi", "maxOutlierRate", "features");
    assertFields(tree.get("drift").get("features").get(0), "name", "psi", "outlierRate");
    assertFields(tree.get("predictions"), "rows", "window", "shares", "total");
    assertFields(
        tree.get("accuracy"),
        "live",
        "rows",
        "windowCapacity",
        "totalRows",
        "totalCorrect",
        "pendingRequests",
        "pendingRows");
    assertFields(
        tree.get("feedback"),
        "persisted",
        "directory",
        "writer",
        "rows",
        "files",
        "currentFile",
        "writeFailures",
        "lastError",
        "lastErrorAt");
    assertThat(report.feedback()).isEqualTo(MonitoringReport.Feedback.notPersisted());
    assertThat(report.drift().maxPsi()).isNotNull();
    assertThat(report.accuracy().live()).isNotNull();
    assertThat(report.predictions().total()).containsOnlyKeys("setosa", "versicolor", "virginica");

    String described = body(http, "/v2/models/iris");
    ModelMetadata metadata = roundTrips(described, ModelMetadata.class);
    tree = Http.JSON.readTree(described);
    assertFields(tree, "name", "versions", "platform", "inputs", "outputs", "parameters");
    assertFields(tree.get("inputs").get(0), "name", "datatype", "shape");
    assertFields(
        tree.get("parameters"),
        "features",
        "labels",
        "label_column",
        "format",
        "architecture",
        "weights_digest",
        "max_batch_rows",
        "metrics",
        "training_run",
        "created_at");
    assertThat(metadata.parameter("architecture")).isEqualTo("mlp 4-16-16-3 relu");

    String held = body(http, "/v2/models/iris/test-rows");
    TestRows all = roundTrips(held, TestRows.class);
    assertFields(Http.JSON.readTree(held), "features", "labelColumn", "rows", "labels", "total");
    TestRows first = roundTrips(body(http, "/v2/models/iris/test-rows?limit=2"), TestRows.class);
    assertThat(first.rows()).isEqualTo(all.rows().subList(0, 2));
    assertThat(first.total()).isEqualTo(all.total());
  }

  private static String body(Http http, String path) {
    Http.Response response = http.get(path);
    assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
    return response.body();
  }

  private static void assertFields(JsonNode object, String... names) {
    List<String> fields = new ArrayList<>();
    object.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).as(object.toString()).containsExactly(names);
  }

  private static <T> T roundTrips(String json, Class<T> type) throws Exception {
    T document = Http.JSON.readValue(json, type);
    assertThat(Http.JSON.writeValueAsString(document)).as(type.getSimpleName()).isEqualTo(json);
    return document;
  }
}
