package io.drover.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.contract.StorageEnvironment;
import io.drover.contract.TrainerResult;
import io.drover.contract.TrainerResults;
import io.drover.contract.serving.FeedbackDataset;
import io.drover.storage.StorageLocation;
import io.drover.storage.testing.S3TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train to s3 and serve from s3: the real trainer (a child JVM) writes its bundle to a real
 * S3-protocol server (s3proxy in this JVM), and the packaged server, started as its container
 * starts it, fetches it into its bundle cache, verifies the digest and serves it. Object reads are
 * counted by the S3 server.
 */
class ObjectStorageServingIT {

  private static final Path APP = Path.of(System.getProperty("drover.serving.app"));
  private static final String BUNDLE = "s3://models/iris/run-1";
  private static final String INFER =
      "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],\"datatype\":\"FP32\","
          + "\"data\":[5.1,3.5,1.4,0.2]}]}";

  @TempDir static Path shared;
  @TempDir Path temp;

  static S3TestServer s3;
  static TrainerResult trained;

  @BeforeAll
  static void trainIntoTheBucket() {
    s3 = S3TestServer.start(shared.resolve("s3"));
    s3.createBucket("models");
    trained =
        TrainerResults.parse(
            TestBundles.runTrainer(
                "iris-s3",
                TestBundles.irisData(),
                "{\"epochs\":\"40\",\"hiddenLayers\":\"16\"}",
                BUNDLE,
                s3.environment()));
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @Test
  void servesABundleFromTheBucketAndAWakeOnTheSameNodeDownloadsNothing() throws Exception {
    assertThat(trained.bundle().uri()).isEqualTo(BUNDLE);
    Map<String, String> env = serverEnv(trained.bundle().digest(), temp.resolve("node-cache"));

    int before = s3.objectReads("models", "iris/run-1/");
    serveOnce(env, "first.log");
    int firstStart = s3.objectReads("models", "iris/run-1/") - before;
    serveOnce(env, "second.log");
    int secondStart = s3.objectReads("models", "iris/run-1/") - before - firstStart;

    int bundleObjects;
    try (var store = s3.client()) {
      bundleObjects = store.list(StorageLocation.parse("test", BUNDLE)).size();
    }
    assertThat(firstStart)
        .as("objects read by the first start: the whole bundle")
        .isEqualTo(bundleObjects)
        .isGreaterThanOrEqualTo(5);
    assertThat(secondStart).as("objects read by a start with the bundle cached").isZero();
    assertThat(Files.readString(temp.resolve("first.log"))).contains("fetched " + BUNDLE);
    assertThat(Files.readString(temp.resolve("second.log")))
        .contains("found in the cache " + BUNDLE);
  }

  @Test
  void feedbackGoesToTheBucketAsFeedbackObjectsWhenTheServerStops() throws Exception {
    s3.createBucket("feedback");
    Map<String, String> env = serverEnv(trained.bundle().digest(), temp.resolve("cache"));
    int port = freePort();
    env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    env.put(FeedbackDataset.DIRECTORY_ENV, "s3://feedback/iris");
    // Only the shutdown flush uploads: what a stopping pod must not lose.
    env.put(FeedbackDataset.FLUSH_SECONDS_ENV, "3600");
    Process server = start(env, "feedback.log");
    try {
      Http http = new Http(URI.create("http://localhost:" + port));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> http.get("/v2/health/ready").status() == 200 || !server.isAlive());
      assertThat(server.isAlive()).as(Files.readString(temp.resolve("feedback.log"))).isTrue();
      assertThat(
              http.post("/v2/models/iris/infer", "{\"id\": \"fb-1\", " + INFER.substring(1))
                  .status())
          .isEqualTo(200);
      Http.Response feedback =
          http.post("/v2/models/iris/feedback", "{\"id\": \"fb-1\", \"label\": \"setosa\"}");
      assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
      assertThat(feedback.json().get("persisted").asBoolean()).isTrue();
      assertThat(
              http.get("/v2/models/iris/monitoring")
                  .json()
                  .get("feedback")
                  .get("directory")
                  .asText())
          .isEqualTo("s3://feedback/iris");
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    try (var store = s3.client()) {
      var objects = store.list(StorageLocation.parse("test", "s3://feedback/iris"));
      assertThat(objects)
          .as(Files.readString(temp.resolve("feedback.log")))
          .singleElement()
          .satisfies(o -> assertThat(o.relativeName()).matches("feedback-.*-000000001\\.csv"));
      try (var body = store.open(objects.get(0).location())) {
        assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
            .isEqualTo(
                "sepal_length,sepal_width,petal_length,petal_width,species\n"
                    + "5.1,3.5,1.4,0.2,setosa\n");
      }
    }
  }

  @Test
  void aBundleWithAnotherDigestThanTheRegisteredOneIsRefused() throws Exception {
    String registered = "sha256:" + "0".repeat(64);
    Process server = start(serverEnv(registered, temp.resolve("cache")), "server.log");
    assertThat(server.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(server.exitValue()).isEqualTo(1);
    assertThat(Files.readString(temp.resolve("server.log")))
        .contains("cannot serve the model: bundle " + BUNDLE + " has digest sha256:")
        .contains("not " + registered + " as expected");
    try (var cached = Files.list(temp.resolve("cache"))) {
      assertThat(cached).as("nothing cached").isEmpty();
    }
  }

  @Test
  void wrongKeysStopTheServerNamingTheSecret() throws Exception {
    Map<String, String> env = serverEnv(trained.bundle().digest(), temp.resolve("cache"));
    env.put(StorageEnvironment.SECRET_ACCESS_KEY, "wrong-secret");
    Process server = start(env, "server.log");
    assertThat(server.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(server.exitValue()).isEqualTo(1);
    assertThat(Files.readString(temp.resolve("server.log")))
        .contains("cannot serve the model: cannot list " + BUNDLE + ": access denied")
        .contains("Secret " + S3TestServer.SECRET_NAME)
        .doesNotContain("wrong-secret");
  }

  /** Starts the server, waits until it answers an inference, stops it. */
  private void serveOnce(Map<String, String> env, String log) throws Exception {
    int port = freePort();
    Map<String, String> withPort = new HashMap<>(env);
    withPort.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    Process server = start(withPort, log);
    try {
      Http http = new Http(URI.create("http://localhost:" + port));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> http.get("/v2/health/ready").status() == 200 || !server.isAlive());
      assertThat(server.isAlive()).as(Files.readString(temp.resolve(log))).isTrue();
      Http.Response infer = http.post("/v2/models/iris/infer", INFER);
      assertThat(infer.status()).as(infer.body()).isEqualTo(200);
      assertThat(infer.json().get("outputs").get(0).get("data").get(0).asText())
          .isEqualTo("setosa");
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static Map<String, String> serverEnv(String digest, Path cache) throws IOException {
    Map<String, String> env = new HashMap<>(s3.environment());
    env.put("DROVER_MODEL_URI", BUNDLE);
    env.put("DROVER_MODEL_NAME", "iris");
    env.put(StorageEnvironment.BUNDLE_DIGEST, digest);
    env.put(StorageEnvironment.BUNDLE_CACHE, cache.toString());
    env.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
    return env;
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
