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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input gets a 4xx and the protocol's error body saying what was wrong. */
@QuarkusTest
@TestProfile(IrisProfile.class)
class MalformedRequestTest {

  private static final String INFER = "/v2/models/iris/infer";

  @TestHTTPResource("/")
  URL base;

  Http http;

  @BeforeEach
  void waitForModel() {
    http = ServerUnderTest.ready(base);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"inputs\": [", 400, "not valid JSON"),
        Arguments.of("trailing garbage", Requests.single(1, 2, 3, 4) + " x", 400, "not valid JSON"),
        Arguments.of("empty body", "", 400, "JSON object"),
        Arguments.of("an array body", "[1, 2]", 400, "JSON object"),
        Arguments.of("no inputs", "{\"id\": \"a\"}", 400, "inputs"),
        Arguments.of("inputs not a list", "{\"inputs\": {}}", 400, "inputs"),
        Arguments.of("empty inputs", "{\"inputs\": []}", 400, "inputs"),
        Arguments.of("duplicate key", "{\"inputs\": [], \"inputs\": []}", 400, "Duplicate field"),
        Arguments.of(
            "wrong tensor name",
            tensor("features", "[1, 4]", "FP32", "[1,2,3,4]"),
            400,
            "unknown input features"),
        Arguments.of("tensor without name", "{\"inputs\": [{\"shape\": [1, 4]}]}", 400, "name"),
        Arguments.of("wrong width", tensor("input-0", "[1, 3]", "FP32", "[1,2,3]"), 400, "[-1, 4]"),
        Arguments.of("rank 1", tensor("input-0", "[4]", "FP32", "[1,2,3,4]"), 400, "[-1, 4]"),
        Arguments.of("rank 3", tensor("input-0", "[1, 1, 4]", "FP32", "[1,2,3,4]"), 400, "[-1, 4]"),
        Arguments.of(
            "negative dimension",
            tensor("input-0", "[-1, 4]", "FP32", "[1,2,3,4]"),
            400,
            "non-negative"),
        Arguments.of(
            "fractional dimension",
            tensor("input-0", "[1.5, 4]", "FP32", "[1,2,3,4]"),
            400,
            "non-negative"),
        Arguments.of(
            "data shorter than shape",
            tensor("input-0", "[2, 4]", "FP32", "[1,2,3,4]"),
            400,
            "holds 8 values but data has 4"),
        Arguments.of(
            "nested against shape",
            tensor("input-0", "[2, 4]", "FP32", "[[1,2,3,4],[5,6,7]]"),
            400,
            "shape"),
        Arguments.of(
            "datatype BYTES",
            tensor("input-0", "[1, 4]", "BYTES", "[\"a\",\"b\",\"c\",\"d\"]"),
            400,
            "not numeric"),
        Arguments.of(
            "datatype BOOL",
            tensor("input-0", "[1, 4]", "BOOL", "[true,true,true,true]"),
            400,
            "not numeric"),
        Arguments.of(
            "unknown datatype",
            tensor("input-0", "[1, 4]", "FLOAT", "[1,2,3,4]"),
            400,
            "not an Open Inference Protocol datatype"),
        Arguments.of(
            "missing datatype",
            "{\"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 4]," + " \"data\": [1,2,3,4]}]}",
            400,
            "datatype"),
        Arguments.of(
            "NaN",
            tensor("input-0", "[1, 4]", "FP32", "[1,NaN,3,4]"),
            400,
            "element 1 (NaN) is not a finite number"),
        Arguments.of(
            "Infinity",
            tensor("input-0", "[1, 4]", "FP64", "[1,2,Infinity,4]"),
            400,
            "not a finite number"),
        Arguments.of(
            "beyond FP32",
            tensor("input-0", "[1, 4]", "FP32", "[1,2,3,1e39]"),
            400,
            "not a finite number"),
        Arguments.of(
            "string value",
            tensor("input-0", "[1, 4]", "FP32", "[1,\"two\",3,4]"),
            400,
            "element 1 is \"two\", not a number"),
        Arguments.of(
            "null value",
            tensor("input-0", "[1, 4]", "FP32", "[1,null,3,4]"),
            400,
            "null, not a number"),
        Arguments.of(
            "boolean value",
            tensor("input-0", "[1, 4]", "FP32", "[1,true,3,4]"),
            400,
            "not a number"),
        Arguments.of(
            "fraction for INT32",
            tensor("input-0", "[1, 4]", "INT32", "[1,2.5,3,4]"),
            400,
            "not an integer"),
        Arguments.of(
            "out of range for UINT8",
            tensor("input-0", "[1, 4]", "UINT8", "[1,256,3,4]"),
            400,
            "outside the range of UINT8"),
        Arguments.of(
            "empty batch", tensor("input-0", "[0, 4]", "FP32", "[]"), 400, "batch is empty"),
        Arguments.of(
            "too many rows",
            tensor("input-0", "[" + (IrisProfile.MAX_BATCH_ROWS + 1) + ", 4]", "FP32", "[]"),
            413,
            "at most " + IrisProfile.MAX_BATCH_ROWS),
        Arguments.of(
            "id not a string",
            "{\"id\": 7, \"inputs\": [{\"name\": \"input-0\","
                + " \"shape\": [1, 4], \"datatype\": \"FP32\", \"data\": [1,2,3,4]}]}",
            400,
            "id"),
        Arguments.of(
            "unknown output",
            "{\"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 4],"
                + " \"datatype\": \"FP32\", \"data\": [1,2,3,4]}], \"outputs\": [{\"name\": \"x\"}]}",
            400,
            "unknown output x"),
        Arguments.of(
            "missing feature column",
            "{\"inputs\": [{\"name\": \"sepal_length\", \"shape\": [1], \"datatype\": \"FP32\","
                + " \"data\": [1]}]}",
            400,
            "missing input for feature sepal_width"),
        Arguments.of(
            "input given twice",
            "{\"inputs\": ["
                + rawTensor("[1, 4]", "[1,2,3,4]")
                + ","
                + rawTensor("[1, 4]", "[1,2,3,4]")
                + "]}",
            400,
            "given twice"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void isRefusedWithTheProtocolsErrorBody(
      String description, String body, int status, String message) {
    Http.Response response = http.post(INFER, body);
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.raw().headers().firstValue("content-type")).hasValue("application/json");
    JsonNode json = response.json();
    assertThat(json.size()).isEqualTo(1);
    assertThat(json.get("error").asText()).contains(message);
  }

  @Test
  void anOversizedBodyIs413() {
    String body = Requests.single(1, 2, 3, 4) + " ".repeat(IrisProfile.MAX_BODY_BYTES);
    Http.Response response = http.post(INFER, body);
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.json().get("error").asText())
        .contains("exceeds the limit of " + IrisProfile.MAX_BODY_BYTES + " bytes");
  }

  @Test
  void theBinaryDataExtensionIsRefusedByName() {
    Http.Response response =
        http.send(
            HttpRequest.newBuilder(http.uri(INFER))
                .header("Inference-Header-Content-Length", "10")
                .POST(HttpRequest.BodyPublishers.ofString(Requests.single(1, 2, 3, 4))));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("error").asText()).contains("binary tensor data extension");
  }

  @Test
  void badV1InstancesAndFeedbackAre4xx() {
    String[][] cases = {
      {"/v1/models/iris:predict", "{\"instances\": [[1, 2, 3]]}", "has 3 values"},
      {"/v1/models/iris:predict", "{\"instances\": [{\"petal\": 1}]}", "unknown feature petal"},
      {"/v1/models/iris:predict", "{\"instances\": [[1, 2, \"x\", 4]]}", "not a number"},
      {"/v1/models/iris:predict", "{\"instances\": []}", "batch is empty"},
      {"/v1/models/iris:predict", "{\"rows\": []}", "instances"},
      {"/v2/models/iris/feedback", "{\"labels\": [\"setosa\"]}", "id"},
      {
        "/v2/models/iris/feedback",
        "{\"id\": \"never-seen\", \"labels\": [\"setosa\"]}",
        "no prediction is waiting"
      },
    };
    for (String[] c : cases) {
      Http.Response response = http.post(c[0], c[1]);
      assertThat(response.status()).as(c[1]).isBetween(400, 499);
      assertThat(response.json().get("error").asText()).as(c[1]).contains(c[2]);
    }
    http.post(INFER, "{\"id\": \"fb-1\", " + Requests.single(5.1, 3.5, 1.4, 0.2).substring(1));
    Http.Response wrongCount =
        http.post("/v2/models/iris/feedback", "{\"id\": \"fb-1\", \"labels\": [\"a\", \"b\"]}");
    assertThat(wrongCount.status()).isEqualTo(400);
    assertThat(wrongCount.json().get("error").asText()).contains("had 1 rows but 2 labels");
    Http.Response unknownLabel =
        http.post("/v2/models/iris/feedback", "{\"id\": \"fb-1\", \"labels\": [\"tulip\"]}");
    assertThat(unknownLabel.status()).isEqualTo(400);
    assertThat(unknownLabel.json().get("error").asText()).contains("tulip");
  }

  private static String tensor(String name, String shape, String datatype, String data) {
    return "{\"inputs\": [{\"name\": \"%s\", \"shape\": %s, \"datatype\": \"%s\", \"data\": %s}]}"
        .formatted(name, shape, datatype, data);
  }

  private static String rawTensor(String shape, String data) {
    return "{\"name\": \"input-0\", \"shape\": %s, \"datatype\": \"FP32\", \"data\": %s}"
        .formatted(shape, data);
  }
}
