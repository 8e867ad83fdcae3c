package io.drover.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.contract.bundle.ModelBundles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged application as its container runs it: {@code java -jar}, configured by env. */
class PackagedServerIT {

  private static final Path APP = Path.of(System.getProperty("drover.serving.app"));

  @TempDir Path temp;

  @Test
  void servesTheBundleNamedByTheEnvironmentOnTheConfiguredPort() throws Exception {
    int port = freePort();
    Process server =
        start(
            Map.of(
                "DROVER_MODEL_URI", TestBundles.iris().toString(),
                "DROVER_MODEL_NAME", "flowers",
                "QUARKUS_HTTP_PORT", String.valueOf(port)));
    try {
      Http http = new Http(URI.create("http://localhost:" + port));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> http.get("/v2/health/ready").status() == 200);
      Http.Response infer =
          http.post(
              "/v2/models/flowers/infer",
              "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],\"datatype\":\"FP32\","
                  + "\"data\":[5.1,3.5,1.4,0.2]}]}");
      assertThat(infer.status()).as(infer.body()).isEqualTo(200);
      JsonNode label = infer.json().get("outputs").get(0);
      assertThat(label.get("data").get(0).asText()).isEqualTo("setosa");
      assertThat(http.get("/v2/models/iris").status()).isEqualTo(404);
      assertThat(http.get("/metrics").body()).contains("drover_model_load_seconds");
      assertThat(
              http.get("/v2/models/flowers/monitoring").json().get("model").get("version").asText())
          .isEqualTo("iris-1");
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /**
   * Readiness says 503 while the model loads, but an inference that arrives meanwhile waits for it
   * and is answered, never refused because the server is still starting.
   */
  @Test
  void anInferenceSentWhileTheModelLoadsIsAnsweredWhenItIsLoaded() throws Exception {
    int port = freePort();
    Process server =
        start(
            Map.of(
                "DROVER_MODEL_URI", TestBundles.iris().toString(),
                "QUARKUS_HTTP_PORT", String.valueOf(port)),
            "loading.log");
    try {
      Http http = new Http(URI.create("http://localhost:" + port));
      // Sent as soon as the port answers anything: it opens before the model is loaded.
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(20))
          .ignoreExceptions()
          .until(() -> http.get("/v2/health/live").status() == 200);
      Http.Response infer =
          http.post(
              "/v2/models/iris/infer",
              "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],\"datatype\":\"FP32\","
                  + "\"data\":[5.1,3.5,1.4,0.2]}]}");
      assertThat(infer.status()).as(infer.body()).isEqualTo(200);
      assertThat(infer.json().get("outputs").get(0).get("data").get(0).asText())
          .isEqualTo("setosa");
      assertThat(http.get("/v2/models/iris/ready").status()).isEqualTo(200);
      assertThat(http.get("/v2/health/ready").status()).isEqualTo(200);
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void inRouterModeItRoutesToARealModelServer() throws Exception {
    int serverPort = freePort();
    int routerPort = freePort();
    Path table = temp.resolve("routes.yaml");
    Files.writeString(
        table,
        "variants:\n  - {name: iris-v1, role: stable, url: \"http://127.0.0.1:%d\", weight: 100, model: iris}\n"
            .formatted(serverPort));
    Process server =
        start(
            Map.of(
                "DROVER_MODEL_URI", TestBundles.iris().toString(),
                "QUARKUS_HTTP_PORT", String.valueOf(serverPort)),
            "server.log");
    Process router =
        start(
            Map.of(
                "DROVER_MODE", "router",
                "DROVER_ROUTER_CONFIG", table.toString(),
                "QUARKUS_HTTP_PORT", String.valueOf(routerPort)),
            "router.log");
    try {
      Http http = new Http(URI.create("http://localhost:" + routerPort));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> http.get("/router/health/ready").status() == 200);
      // The first request may find the model still loading: the router holds it until ready.
      Http.Response infer =
          http.post(
              "/v2/models/iris/infer",
              "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],\"datatype\":\"FP32\","
                  + "\"data\":[5.1,3.5,1.4,0.2]}]}");
      assertThat(infer.status()).as(infer.body()).isEqualTo(200);
      assertThat(infer.raw().headers().firstValue("x-drover-variant")).hasValue("iris-v1");
      assertThat(infer.json().get("outputs").get(0).get("data").get(0).asText())
          .isEqualTo("setosa");
      JsonNode stats = http.get("/router/stats").json();
      assertThat(stats.get("variants").get(0).get("stats").get("requests").asLong()).isEqualTo(1);
      assertThat(http.get("/metrics").body()).contains("drover_router_requests_total");
      // The model server's own endpoints are reached through the router too.
      assertThat(http.get("/v2/models/iris").json().get("name").asText()).isEqualTo("iris");
    } finally {
      router.destroy();
      server.destroy();
      assertThat(router.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void feedbackThroughTheRouterReachesTheServerThatAnsweredAndTheShadow() throws Exception {
    int stablePort = freePort();
    int shadowPort = freePort();
    int routerPort = freePort();
    Path table = temp.resolve("routes.yaml");
    Files.writeString(
        table,
        """
        variants:
          - {name: iris-v1, role: stable, url: "http://127.0.0.1:%d", weight: 100, model: iris}
          - {name: iris-v2, role: shadow, url: "http://127.0.0.1:%d", model: iris}
        """
            .formatted(stablePort, shadowPort));
    Path bundle = TestBundles.iris();
    List<Process> processes =
        List.of(
            start(
                Map.of("DROVER_MODEL_URI", bundle.toString(), "QUARKUS_HTTP_PORT", "" + stablePort),
                "stable.log"),
            start(
                Map.of("DROVER_MODEL_URI", bundle.toString(), "QUARKUS_HTTP_PORT", "" + shadowPort),
                "shadow.log"),
            start(
                Map.of(
                    "DROVER_MODE", "router",
                    "DROVER_ROUTER_CONFIG", table.toString(),
                    "QUARKUS_HTTP_PORT", String.valueOf(routerPort)),
                "router.log"));
    try {
      Http router = new Http(URI.create("http://localhost:" + routerPort));
      Http shadow = new Http(URI.create("http://localhost:" + shadowPort));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () ->
                  router.get("/router/health/ready").status() == 200
                      && shadow.get("/v2/health/ready").status() == 200);
      // v2 without an id: the id in the answer, its header and the stored one are the same.
      Http.Response infer =
          router.post(
              "/v2/models/iris/infer",
              "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],\"datatype\":\"FP32\","
                  + "\"data\":[5.1,3.5,1.4,0.2]}]}");
      assertThat(infer.status()).as(infer.body()).isEqualTo(200);
      String id = infer.json().get("id").asText();
      assertThat(infer.raw().headers().firstValue("x-request-id")).hasValue(id);
      // v1 has no id in its body: the header is the id.
      Http.Response predict =
          router.post("/v1/models/iris:predict", "{\"instances\": [[7.7, 3.0, 6.1, 2.3]]}");
      assertThat(predict.status()).as(predict.body()).isEqualTo(200);
      String v1Id = predict.raw().headers().firstValue("x-request-id").orElseThrow();
      await()
          .until(
              () ->
                  shadow
                          .get("/v2/models/iris/monitoring")
                          .json()
                          .get("accuracy")
                          .get("pendingRequests")
                          .asInt()
                      == 2);

      for (String[] labelled : new String[][] {{id, "setosa"}, {v1Id, "virginica"}}) {
        Http.Response feedback =
            router.post(
                "/v2/models/iris/feedback",
                "{\"id\": \"%s\", \"label\": \"%s\"}".formatted(labelled[0], labelled[1]));
        assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
        assertThat(feedback.json().get("correct").asInt()).isEqualTo(1);
        assertThat(feedback.raw().headers().firstValue("x-drover-variant")).hasValue("iris-v1");
      }
      // The shadow predicted the same requests and scored them too: its live accuracy is
      // comparable.
      await()
          .untilAsserted(
              () ->
                  assertThat(
                          shadow
                              .get("/v2/models/iris/monitoring")
                              .json()
                              .get("accuracy")
                              .get("totalRows")
                              .asInt())
                      .isEqualTo(2));
    } finally {
      for (Process process : processes) {
        process.destroy();
      }
      for (Process process : processes) {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  /** The packaged router's listener, guarded as Quarkus binds it: the head-level errors. */
  @Test
  void theRoutersListenerAnswersHeadsItRefusesOrNeverGetsInJson() throws Exception {
    int routerPort = freePort();
    Path table = temp.resolve("routes.yaml");
    Files.writeString(
        table,
        "variants:\n  - {name: stable, role: stable, url: \"http://127.0.0.1:%d\", weight: 100}\n"
            .formatted(freePort()));
    Process router =
        start(
            Map.of(
                "DROVER_MODE",
                "router",
                "DROVER_ROUTER_CONFIG",
                table.toString(),
                "DROVER_HTTP_HEADER_TIMEOUT",
                "2s",
                "QUARKUS_HTTP_PORT",
                String.valueOf(routerPort)),
            "router.log");
    try {
      Http http = new Http(URI.create("http://localhost:" + routerPort));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> http.get("/router/health/live").status() == 200);
      RawHttp raw = new RawHttp(routerPort);
      RequestHeads.assertRefusedHeadsAreJson(raw);
      RequestHeads.assertTrickledHeadsAre408(raw, 5, Duration.ofSeconds(2));
    } finally {
      router.destroy();
      assertThat(router.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aRouterWithoutATableSourceSaysSoAndStops() throws Exception {
    Process router =
        start(Map.of("DROVER_MODE", "router", "QUARKUS_HTTP_PORT", "" + freePort()), "router.log");
    assertThat(router.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(router.exitValue()).isEqualTo(1);
    assertThat(Files.readString(temp.resolve("router.log")))
        .contains("router mode needs DROVER_ROUTER_CONFIG");
  }

  @Test
  void anUnsupportedFormatStopsTheServerWithAMessageNamingIt() throws Exception {
    Path bundle = Files.createDirectories(temp.resolve("onnx-bundle"));
    try (Stream<Path> files = Files.list(TestBundles.iris())) {
      for (Path file : files.toList()) {
        Files.copy(file, bundle.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path manifest = bundle.resolve(ModelBundles.MANIFEST_FILE);
    Files.writeString(manifest, Files.readString(manifest).replace("\"drover-mlp\"", "\"onnx\""));
    Process server =
        start(Map.of("DROVER_MODEL_URI", bundle.toString(), "QUARKUS_HTTP_PORT", "" + freePort()));
    assertThat(server.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(server.exitValue()).isEqualTo(1);
    assertThat(Files.readString(temp.resolve("server.log")))
        .contains(
            "model format onnx is not supported by this server; it serves drover-mlp, torchscript");
  }

  @Test
  void withoutAModelUriTheServerSaysSoAndStops() throws Exception {
    Process server = start(Map.of("QUARKUS_HTTP_PORT", String.valueOf(freePort())));
    assertThat(server.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(server.exitValue()).isEqualTo(1);
    assertThat(Files.readString(temp.resolve("server.log")))
        .contains("DROVER_MODEL_URI is not set");
  }

  private Process start(Map<String, String> env) throws IOException {
    return start(env, "server.log");
  }

  private Process start(Map<String, String> env, String log) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(List.of(java.toString(), "-jar", APP.toString()))
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve(log).toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("DROVER_"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
