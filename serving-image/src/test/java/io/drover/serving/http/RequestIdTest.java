package io.drover.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.serving.Http;
import io.drover.serving.IrisProfile;
import io.drover.serving.ServerUnderTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The id a prediction is stored under for feedback is the one the client sees: in the v2 body's
 * {@code id}, in the {@code x-request-id} header, and taken from that header (which the router
 * always sends) when the body has none.
 */
@QuarkusTest
@TestProfile(IrisProfile.class)
class RequestIdTest {

  @TestHTTPResource("/")
  URL base;

  Http http;

  @BeforeEach
  void waitForModel() {
    http = ServerUnderTest.ready(base);
  }

  @Test
  void withoutABodyIdTheRequestIdHeaderIsThePredictionsId() {
    Http.Response response =
        infer("/v2/models/iris/infer", "trace-7", Requests.single(5.1, 3.5, 1.4, 0.2));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().get("id").asText()).isEqualTo("trace-7");
    assertThat(response.raw().headers().firstValue("x-request-id")).hasValue("trace-7");
    Http.Response feedback =
        http.post("/v2/models/iris/feedback", "{\"id\": \"trace-7\", \"label\": \"setosa\"}");
    assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
    assertThat(feedback.json().get("correct").asInt()).isEqualTo(1);
  }

  @Test
  void aV1PredictionIsStoredUnderTheRequestIdHeader() {
    Http.Response response =
        infer("/v1/models/iris:predict", "v1-trace-1", "{\"instances\": [[7.7, 3.0, 6.1, 2.3]]}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.raw().headers().firstValue("x-request-id")).hasValue("v1-trace-1");
    Http.Response feedback =
        http.post(
            "/v2/models/iris/feedback", "{\"id\": \"v1-trace-1\", \"labels\": [\"virginica\"]}");
    assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
  }

  @Test
  void theBodyIdWinsAndTheHeaderOfTheAnswerSaysSo() {
    String body =
        """
        {"id": "body-1", "inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32",
          "data": [5.1, 3.5, 1.4, 0.2]}]}
        """;
    Http.Response response = infer("/v2/models/iris/infer", "header-1", body);
    assertThat(response.json().get("id").asText()).isEqualTo("body-1");
    assertThat(response.raw().headers().firstValue("x-request-id")).hasValue("body-1");
    assertThat(
            http.post("/v2/models/iris/feedback", "{\"id\": \"header-1\", \"label\": \"setosa\"}")
                .status())
        .isEqualTo(404);
    assertThat(
            http.post("/v2/models/iris/feedback", "{\"id\": \"body-1\", \"label\": \"setosa\"}")
                .status())
        .isEqualTo(200);
  }

  @Test
  void withNeitherTheServerAssignsOneAndSaysItInBothPlaces() {
    Http.Response response =
        http.post("/v2/models/iris/infer", Requests.single(5.1, 3.5, 1.4, 0.2));
    String id = response.json().get("id").asText();
    assertThat(id).isNotBlank();
    assertThat(response.raw().headers().firstValue("x-request-id")).hasValue(id);
  }

  @Test
  void anOverlongRequestIdHeaderIsRefusedNamingIt() {
    Http.Response response =
        infer("/v2/models/iris/infer", "x".repeat(257), Requests.single(5.1, 3.5, 1.4, 0.2));
    assertThat(response.status()).isEqualTo(400);
    JsonNode error = response.json();
    assertThat(error.get("error").asText()).contains("x-request-id").contains("256");
  }

  private Http.Response infer(String path, String requestId, String body) {
    return http.send(
        HttpRequest.newBuilder(http.uri(path))
            .header("content-type", "application/json")
            .header("x-request-id", requestId)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }
}
