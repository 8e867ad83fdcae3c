package io.drover.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.contract.bundle.ModelBundles;
import io.drover.serving.Http;
import io.drover.serving.ServerUnderTest;
import io.drover.serving.TestBundles;
import io.drover.serving.TorchScriptBundles;
import io.drover.serving.TorchScriptProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A TorchScript bundle is served through libtorch's JIT and answers like the model it holds. */
@QuarkusTest
@TestProfile(TorchScriptProfile.class)
class TorchScriptServingTest {

  @TestHTTPResource("/")
  URL base;

  @Test
  void servesTheTorchScriptModelsOwnAnswers() throws Exception {
    Http http = ServerUnderTest.ready(base);
    JsonNode metadata = http.get("/v2/models/iris-ts").json();
    assertThat(metadata.get("platform").asText()).isEqualTo("pytorch_torchscript");
    assertThat(metadata.get("versions").get(0).asText()).isEqualTo("ts-1");
    assertThat(metadata.get("parameters").get("architecture").asText())
        .isEqualTo("torchscript model.pt 4-3");
    assertThat(metadata.get("parameters").get("weights_digest").asText())
        .isEqualTo(
            "sha256:"
                + ModelBundles.sha256Hex(
                    Path.of("target", "test-bundles", "iris-torchscript", "model.pt")));
    // This bundle was made without a test split.
    Http.Response testRows = http.get("/v2/models/iris-ts/test-rows");
    assertThat(testRows.status()).isEqualTo(404);
    assertThat(testRows.body()).isEqualTo("{\"error\":\"the bundle has no held-out test rows\"}");

    List<String[]> rows = TestBundles.rows(TestBundles.irisData());
    double[][] features = rows.stream().map(TestBundles::features).toArray(double[][]::new);
    List<String> labels = TorchScriptBundles.labels(rows);
    TorchScriptBundles.SoftmaxRegression reference = TorchScriptBundles.model();
    int correct = 0;
    for (int start = 0; start < features.length; start += 50) {
      double[][] batch = Arrays.copyOfRange(features, start, start + 50);
      Http.Response response =
          http.post("/v2/models/iris-ts/infer", Requests.matrix("FP64", batch, null));
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      JsonNode outputs = response.json().get("outputs");
      for (int i = 0; i < batch.length; i++) {
        double[] expected = reference.probabilities(batch[i]);
        for (int k = 0; k < expected.length; k++) {
          assertThat(outputs.get(1).get("data").get(i * 3 + k).asDouble())
              .isCloseTo(expected[k], within(1e-4));
        }
        String label = outputs.get(0).get("data").get(i).asText();
        correct += label.equals(rows.get(start + i)[4]) ? 1 : 0;
        assertThat(labels).contains(label);
      }
    }
    assertThat(correct).isGreaterThan(135);
  }
}
