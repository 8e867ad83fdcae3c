package io.drover.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.bundle.ModelManifest;
import io.drover.serving.Http;
import io.drover.serving.IrisProfile;
import io.drover.serving.ServerUnderTest;
import io.drover.serving.TestBundles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the operator reads to smoke-test a version and to judge how risky a change is: the bundle's
 * held-out test rows, and the network's architecture and weights digest in the model metadata.
 */
@QuarkusTest
@TestProfile(IrisProfile.class)
class BundleDescriptionTest {

  @TestHTTPResource("/")
  URL base;

  Http http;

  @BeforeEach
  void waitForModel() {
    http = ServerUnderTest.ready(base);
  }

  @Test
  void theTestRowsAreTheBundlesOwnFileAndScoreTheRegisteredAccuracy() throws Exception {
    List<String> lines =
        Files.readAllLines(TestBundles.iris().resolve(ModelBundles.TEST_DATA_FILE));
    List<String[]> fileRows = lines.stream().skip(1).map(line -> line.split(",")).toList();

    Http.Response response = http.get("/v2/models/iris/test-rows");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode body = response.json();
    assertThat(body.get("features").toString())
        .isEqualTo("[\"sepal_length\",\"sepal_width\",\"petal_length\",\"petal_width\"]");
    assertThat(body.get("labelColumn").asText()).isEqualTo("species");
    assertThat(body.get("total").asLong()).isEqualTo(fileRows.size());
    assertThat(body.get("rows")).hasSize(fileRows.size());
    for (int row = 0; row < fileRows.size(); row++) {
      for (int f = 0; f < 4; f++) {
        // Exactly the file's numbers, written back in the same form.
        assertThat(body.get("rows").get(row).get(f).toString()).isEqualTo(fileRows.get(row)[f]);
      }
      assertThat(body.get("labels").get(row).asText()).isEqualTo(fileRows.get(row)[4]);
    }

    // Sent back through /infer, the rows score exactly the accuracy the bundle registered.
    double[][] rows = new double[fileRows.size()][];
    for (int row = 0; row < rows.length; row++) {
      rows[row] = TestBundles.features(fileRows.get(row));
    }
    JsonNode predicted =
        http.post("/v2/models/iris/infer", Requests.matrix("FP64", rows, "\"label\""))
            .json()
            .get("outputs")
            .get(0)
            .get("data");
    int correct = 0;
    for (int row = 0; row < rows.length; row++) {
      correct += predicted.get(row).asText().equals(fileRows.get(row)[4]) ? 1 : 0;
    }
    double registered =
        http.get("/v2/models/iris")
            .json()
            .get("parameters")
            .get("metrics")
            .get("accuracy")
            .asDouble();
    assertThat((double) correct / rows.length).isEqualTo(registered);
  }

  @Test
  void aLimitReturnsTheFirstRowsAndCountsAll() {
    JsonNode all = http.get("/v2/models/iris/test-rows").json();
    JsonNode first = http.get("/v2/models/iris/test-rows?limit=3").json();
    assertThat(first.get("rows")).hasSize(3);
    assertThat(first.get("labels")).hasSize(3);
    assertThat(first.get("total")).isEqualTo(all.get("total"));
    for (int row = 0; row < 3; row++) {
      assertThat(first.get("rows").get(row)).isEqualTo(all.get("rows").get(row));
    }
  }

  @Test
  void aBadLimitIsRefusedNamingTheRange() {
    for (String limit : List.of("0", "-1", "513", "abc", "1.5")) {
      Http.Response response = http.get("/v2/models/iris/test-rows?limit=" + limit);
      assertThat(response.status()).as(limit).isEqualTo(400);
      assertThat(response.json().get("error").asText())
          .as(limit)
          .contains("limit")
          .contains("1 to " + IrisProfile.MAX_BATCH_ROWS);
    }
    Http.Response post = http.post("/v2/models/iris/test-rows", "{}");
    assertThat(post.status()).isEqualTo(405);
    assertThat(http.get("/v2/models/tulip/test-rows").status()).isEqualTo(404);
  }

  @Test
  void metadataDescribesTheArchitectureAndDigestsTheWeights() throws Exception {
    Path bundle = TestBundles.iris();
    ModelManifest manifest = ModelBundles.readManifest(bundle);
    JsonNode parameters = http.get("/v2/models/iris").json().get("parameters");
    // IrisProfile's bundle: hidden layers 16,16 (TestBundles.iris).
    assertThat(parameters.get("architecture").asText()).isEqualTo("mlp 4-16-16-3 relu");
    assertThat(parameters.get("weights_digest").asText())
        .isEqualTo("sha256:" + ModelBundles.sha256Hex(bundle.resolve(manifest.weights())));
  }
}
