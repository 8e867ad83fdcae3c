package io.drover.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.bundle.ModelManifest;
import io.drover.serving.Http;
import io.drover.serving.IrisProfile;
import io.drover.serving.ServerUnderTest;
import io.drover.serving.TestBundles;
import io.drover.trainer.bundle.BundleLoader;
import io.drover.trainer.evaluate.ModelScorer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every protocol endpoint over real HTTP, against a bundle the reference trainer just wrote. */
@QuarkusTest
@TestProfile(IrisProfile.class)
class ProtocolEndpointsTest {

  @TestHTTPResource("/")
  URL base;

  Http http;

  @BeforeEach
  void waitForModel() {
    http = ServerUnderTest.ready(base);
  }

  @Test
  void healthAndServerMetadata() {
    Http.Response live = http.get("/v2/health/live");
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().get("live").asBoolean()).isTrue();
    Http.Response ready = http.get("/v2/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("ready").asBoolean()).isTrue();
    JsonNode server = http.get("/v2").json();
    assertThat(server.get("name").asText()).isEqualTo("drover-serving");
    assertThat(server.get("extensions").isArray()).isTrue();
  }

  @Test
  void modelMetadataComesFromTheManifest() {
    Http.Response response = http.get("/v2/models/iris");
    assertThat(response.status()).isEqualTo(200);
    JsonNode metadata = response.json();
    assertThat(metadata.get("name").asText()).isEqualTo("iris");
    assertThat(metadata.get("versions").get(0).asText()).isEqualTo("iris-1");
    assertThat(metadata.get("platform").asText()).isEqualTo("drover_mlp");
    JsonNode input = metadata.get("inputs").get(0);
    assertThat(input.get("name").asText()).isEqualTo("input-0");
    assertThat(input.get("datatype").asText()).isEqualTo("FP32");
    assertThat(input.get("shape").toString()).isEqualTo("[-1,4]");
    assertThat(metadata.get("outputs").get(0).get("name").asText()).isEqualTo("label");
    assertThat(metadata.get("outputs").get(1).get("shape").toString()).isEqualTo("[-1,3]");
    assertThat(metadata.get("parameters").get("features").toString())
        .isEqualTo("[\"sepal_length\",\"sepal_width\",\"petal_length\",\"petal_width\"]");
    assertThat(metadata.get("parameters").get("labels").toString())
        .isEqualTo("[\"setosa\",\"versicolor\",\"virginica\"]");

    assertThat(http.get("/v2/models/iris/versions/iris-1").json().get("name").asText())
        .isEqualTo("iris");
    Http.Response modelReady = http.get("/v2/models/iris/ready");
    assertThat(modelReady.status()).isEqualTo(200);
    assertThat(modelReady.json().get("ready").asBoolean()).isTrue();
    assertThat(http.get("/v2/models/iris/versions/iris-1/ready").status()).isEqualTo(200);
  }

  @Test
  void unknownModelsAndVersionsAre404WithAnErrorBody() {
    for (String path :
        List.of(
            "/v2/models/tulip",
            "/v2/models/tulip/ready",
            "/v2/models/iris/versions/iris-9",
            "/v2/models/iris/versions/iris-9/ready",
            "/v2/models/iris/nothing-here",
            "/v1/models/tulip")) {
      Http.Response response = http.get(path);
      assertThat(response.status()).as(path).isEqualTo(404);
      assertThat(response.json().get("error").asText()).as(path).isNotBlank();
    }
    Http.Response infer = http.post("/v2/models/tulip/infer", Requests.single(5.1, 3.5, 1.4, 0.2));
    assertThat(infer.status()).isEqualTo(404);
    assertThat(infer.json().get("error").asText()).contains("tulip").contains("iris");
  }

  @Test
  void wrongMethodsAre405() {
    Http.Response get = http.get("/v2/models/iris/infer");
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.json().get("error").asText()).contains("POST");
    Http.Response post = http.post("/v2/models/iris/ready", "{}");
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.json().get("error").asText()).contains("GET");
  }

  @Test
  void inferEchoesTheIdAndAnswersLabelsAndProbabilities() {
    Http.Response response =
        http.post(
            "/v2/models/iris/infer",
            """
            {"id": "request-42", "inputs": [{"name": "input-0", "shape": [2, 4], "datatype": "FP32",
              "data": [5.1, 3.5, 1.4, 0.2, 7.7, 3.0, 6.1, 2.3]}]}
            """);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.raw().headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = response.json();
    assertThat(body.get("id").asText()).isEqualTo("request-42");
    assertThat(body.get("model_name").asText()).isEqualTo("iris");
    assertThat(body.get("model_version").asText()).isEqualTo("iris-1");
    JsonNode label = body.get("outputs").get(0);
    assertThat(label.get("name").asText()).isEqualTo("label");
    assertThat(label.get("datatype").asText()).isEqualTo("BYTES");
    assertThat(label.get("shape").toString()).isEqualTo("[2]");
    assertThat(label.get("data").toString()).isEqualTo("[\"setosa\",\"virginica\"]");
    JsonNode probabilities = body.get("outputs").get(1);
    assertThat(probabilities.get("datatype").asText()).isEqualTo("FP32");
    assertThat(probabilities.get("shape").toString()).isEqualTo("[2,3]");
    double firstRow = 0;
    for (int i = 0; i < 3; i++) {
      firstRow += probabilities.get("data").get(i).asDouble();
    }
    assertThat(firstRow).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void aRequestWithoutIdGetsOneItCanUseForFeedback() {
    JsonNode body = http.post("/v2/models/iris/infer", Requests.single(5.1, 3.5, 1.4, 0.2)).json();
    String id = body.get("id").asText();
    assertThat(id).isNotBlank();
    assertThat(
            http.post("/v2/models/iris/infer", Requests.single(5.1, 3.5, 1.4, 0.2))
                .json()
                .get("id")
                .asText())
        .isNotEqualTo(id);
    Http.Response feedback =
        http.post("/v2/models/iris/feedback", "{\"id\": \"" + id + "\", \"label\": \"setosa\"}");
    assertThat(feedback.status()).isEqualTo(200);
    assertThat(feedback.json().get("correct").asInt()).isEqualTo(1);
  }

  @Test
  void predictionsMatchTheTrainersInProcessPredictionsRowForRow() throws Exception {
    Path bundle = TestBundles.iris();
    List<String[]> rows = TestBundles.rows(TestBundles.irisData());
    double[][] features = rows.stream().map(TestBundles::features).toArray(double[][]::new);
    ModelManifest manifest = ModelBundles.readManifest(bundle);
    float[][] expected;
    try (Model model = BundleLoader.load(bundle, manifest)) {
      expected = ModelScorer.probabilities(model, standardize(features, manifest));
    }

    // All 150 rows, in batches of 32 (the last one shorter), through HTTP.
    List<Double> served = new ArrayList<>();
    for (int start = 0; start < features.length; start += 32) {
      int end = Math.min(start + 32, features.length);
      double[][] batch = java.util.Arrays.copyOfRange(features, start, end);
      Http.Response response =
          http.post("/v2/models/iris/infer", Requests.matrix("FP64", batch, "\"probabilities\""));
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      JsonNode outputs = response.json().get("outputs");
      assertThat(outputs).hasSize(1);
      outputs.get(0).get("data").forEach(value -> served.add(value.asDouble()));
    }
    assertThat(served).hasSize(features.length * 3);
    for (int row = 0; row < features.length; row++) {
      for (int label = 0; label < 3; label++) {
        assertThat(served.get(row * 3 + label))
            .as("row %d label %d", row, label)
            .isCloseTo(expected[row][label], within(1e-6));
      }
    }
  }

  @Test
  void nestedColumnarAndIntegerInputsAnswerLikeTheFlatTensor() {
    String flat = Requests.single(6.0, 3.0, 5.0, 2.0);
    JsonNode expected = http.post("/v2/models/iris/infer", flat).json().get("outputs");
    String nested =
        """
        {"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32",
          "data": [[6.0, 3.0, 5.0, 2.0]]}]}
        """;
    String columns =
        """
        {"inputs": [
          {"name": "petal_width", "shape": [1], "datatype": "FP64", "data": [2.0]},
          {"name": "sepal_length", "shape": [1, 1], "datatype": "FP32", "data": [[6.0]]},
          {"name": "sepal_width", "shape": [1], "datatype": "INT32", "data": [3]},
          {"name": "petal_length", "shape": [1], "datatype": "INT64", "data": [5]}]}
        """;
    String integers =
        """
        {"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "INT8", "data": [6, 3, 5, 2]}]}
        """;
    for (String request : List.of(nested, columns, integers)) {
      Http.Response response = http.post("/v2/models/iris/infer", request);
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      assertThat(response.json().get("outputs")).isEqualTo(expected);
    }
  }

  @Test
  void outputsCanBeChosen() {
    JsonNode outputs =
        http.post(
                "/v2/models/iris/infer",
                """
                {"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32",
                  "data": [5.1, 3.5, 1.4, 0.2]}], "outputs": [{"name": "label"}]}
                """)
            .json()
            .get("outputs");
    assertThat(outputs).hasSize(1);
    assertThat(outputs.get(0).get("name").asText()).isEqualTo("label");
  }

  @Test
  void aLargeBatchUpToTheLimitIsAnswered() {
    double[][] rows = new double[IrisProfile.MAX_BATCH_ROWS][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new double[] {4.3 + (i % 36) * 0.1, 3.0, 1.0 + (i % 59) * 0.1, 1.2};
    }
    // Pad past the inline limit so the request also takes the worker-thread path.
    String body = Requests.matrix("FP32", rows, null) + " ".repeat(70 * 1024);
    Http.Response response = http.post("/v2/models/iris/infer", body);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().get("outputs").get(0).get("shape").toString())
        .isEqualTo("[" + rows.length + "]");
  }

  @Test
  void kserveV1PredictAcceptsListsAndObjects() {
    Http.Response lists =
        http.post(
            "/v1/models/iris:predict",
            "{\"instances\": [[5.1, 3.5, 1.4, 0.2], [7.7, 3.0, 6.1, 2.3]]}");
    assertThat(lists.status()).as(lists.body()).isEqualTo(200);
    assertThat(lists.json().get("predictions").toString()).isEqualTo("[\"setosa\",\"virginica\"]");
    assertThat(lists.json().get("probabilities").get(0)).hasSize(3);
    Http.Response objects =
        http.post(
            "/v1/models/iris:predict",
            """
            {"instances": [{"petal_width": 0.2, "petal_length": 1.4, "sepal_width": 3.5,
              "sepal_length": 5.1}]}
            """);
    assertThat(objects.status()).as(objects.body()).isEqualTo(200);
    assertThat(objects.json().get("predictions").toString()).isEqualTo("[\"setosa\"]");
    JsonNode status = http.get("/v1/models/iris").json();
    assertThat(status.get("ready").asBoolean()).isTrue();
  }

  @Test
  void prometheusMetricsAreExposed() {
    http.post("/v2/models/iris/infer", Requests.single(5.1, 3.5, 1.4, 0.2));
    http.post("/v2/models/iris/infer", "{");
    String metrics = http.get("/metrics").body();
    assertThat(metrics)
        .contains("drover_inference_requests_total{outcome=\"success\",protocol=\"v2\"}")
        .contains("drover_inference_requests_total{outcome=\"client_error\",protocol=\"v2\"}")
        .contains("drover_inference_duration_seconds_bucket")
        .contains("drover_inference_batch_rows_bucket")
        .contains("drover_feature_psi{feature=\"petal_length\"}")
        .contains("drover_feature_outlier_rate{feature=\"sepal_width\"}")
        .contains("drover_live_accuracy")
        .contains("drover_model_load_seconds")
        .contains("drover_predictions_total{label=\"setosa\"}");
  }

  private static float[][] standardize(double[][] rows, ModelManifest manifest) {
    List<ModelManifest.Feature> features = manifest.input().features();
    float[][] inputs = new float[rows.length][features.size()];
    for (int r = 0; r < rows.length; r++) {
      for (int f = 0; f < features.size(); f++) {
        inputs[r][f] = (float) ((rows[r][f] - features.get(f).center()) / features.get(f).scale());
      }
    }
    return inputs;
  }
}
