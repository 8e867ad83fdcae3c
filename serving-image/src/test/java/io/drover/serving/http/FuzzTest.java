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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Random malformed requests, seeded so a failure reproduces: mutated valid bodies (byte flips,
 * truncation, splices), random JSON of the wrong structure, and structurally right requests with
 * wrong values. None may get a 5xx; every refusal must carry the protocol's error body.
 */
@QuarkusTest
@TestProfile(IrisProfile.class)
class FuzzTest {

  private static final int REQUESTS = 1500;
  private static final String[] PATHS = {
    "/v2/models/iris/infer", "/v1/models/iris:predict", "/v2/models/iris/feedback"
  };
  private static final String[] VALID = {
    Requests.single(5.1, 3.5, 1.4, 0.2),
    "{\"id\":\"f\",\"inputs\":[{\"name\":\"input-0\",\"shape\":[2,4],\"datatype\":\"FP64\","
        + "\"data\":[[5.1,3.5,1.4,0.2],[6.2,2.9,4.3,1.3]]}],\"outputs\":[{\"name\":\"label\"}]}",
    "{\"instances\":[[5.1,3.5,1.4,0.2],{\"sepal_length\":1,\"sepal_width\":2,"
        + "\"petal_length\":3,\"petal_width\":4}]}",
    "{\"id\":\"f\",\"labels\":[\"setosa\",\"virginica\"]}",
  };
  private static final String[] TOKENS = {
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "-",
    "1e999",
    "NaN",
    "-Infinity",
    "\\u0000",
    "\"inputs\"",
    "\"shape\"",
    "\"data\"",
    "\"datatype\"",
    "\"name\"",
    "\"input-0\"",
    "\"FP32\"",
    "\"BYTES\"",
    "[0,4]",
    "[-1]",
    "[4294967296,4]",
    "99999999999999999999999",
    "0.0",
    "\"x\"",
  };

  @TestHTTPResource("/")
  URL base;

  Http http;

  @BeforeEach
  void waitForModel() {
    http = ServerUnderTest.ready(base);
  }

  @Test
  void randomMalformedRequestsNeverGetA5xx() {
    Random random = new Random(20261122);
    int refused = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      String path = PATHS[random.nextInt(PATHS.length)];
      byte[] body = mutate(random);
      Http.Response response = http.post(path, body);
      if (response.status() >= 500) {
        failures.add(response.status() + " for " + new String(body, StandardCharsets.UTF_8));
        continue;
      }
      if (response.status() >= 400) {
        refused++;
        JsonNode json = response.json();
        assertThat(json.get("error").isTextual()).as(response.body()).isTrue();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
      }
    }
    assertThat(failures).isEmpty();
    assertThat(refused).isGreaterThanOrEqualTo(1000);
    assertThat(http.get("/v2/health/ready").status()).isEqualTo(200);
  }

  private static byte[] mutate(Random random) {
    byte[] valid = VALID[random.nextInt(VALID.length)].getBytes(StandardCharsets.UTF_8);
    return switch (random.nextInt(6)) {
      case 0 -> flipBytes(valid, random);
      case 1 -> java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
      case 2 -> splice(valid, random);
      case 3 -> randomTokens(random);
      case 4 -> wrongValues(random);
      default -> randomBytes(random);
    };
  }

  private static byte[] flipBytes(byte[] valid, Random random) {
    byte[] body = valid.clone();
    int flips = 1 + random.nextInt(4);
    for (int i = 0; i < flips; i++) {
      body[random.nextInt(body.length)] = (byte) random.nextInt(256);
    }
    return body;
  }

  private static byte[] splice(byte[] valid, Random random) {
    String text = new String(valid, StandardCharsets.UTF_8);
    int at = random.nextInt(text.length());
    return (text.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + text.substring(at))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] randomTokens(Random random) {
    StringBuilder text = new StringBuilder();
    int tokens = 1 + random.nextInt(40);
    for (int i = 0; i < tokens; i++) {
      text.append(TOKENS[random.nextInt(TOKENS.length)]);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Right structure, wrong contents: the cases a sloppy client really sends. */
  private static byte[] wrongValues(Random random) {
    String[] shapes = {
      "[1,4]", "[1,5]", "[0,4]", "[2,4]", "[-3,4]", "[1]", "[]", "\"1,4\"", "null"
    };
    String[] types = {"FP32", "FP16", "INT8", "UINT8", "BOOL", "BYTES", "fp32", "", "null"};
    String[] values = {"1", "-1", "1.5", "1e39", "NaN", "\"1\"", "null", "[]", "{}", "true", "300"};
    StringBuilder data = new StringBuilder();
    int count = random.nextInt(9);
    for (int i = 0; i < count; i++) {
      data.append(i == 0 ? "" : ",").append(values[random.nextInt(values.length)]);
    }
    String name = random.nextInt(4) == 0 ? "petal_length" : "input-0";
    return ("{\"inputs\":[{\"name\":\"%s\",\"shape\":%s,\"datatype\":\"%s\",\"data\":[%s]}]}")
        .formatted(
            name, shapes[random.nextInt(shapes.length)], types[random.nextInt(types.length)], data)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] randomBytes(Random random) {
    byte[] body = new byte[random.nextInt(200)];
    random.nextBytes(body);
    return body;
  }
}
