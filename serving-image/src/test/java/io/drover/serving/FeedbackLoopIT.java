package io.drover.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.contract.DatasetSource;
import io.drover.contract.DatasetSources;
import io.drover.contract.TrainerEnvironment;
import io.drover.contract.TrainerResult;
import io.drover.contract.TrainerResults;
import io.drover.contract.serving.FeedbackDataset;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closed loop with real processes: the packaged server persists ground truth, is killed (a
 * crash, no shutdown), a new server process appends to the same directory without touching the
 * earlier files, and the reference trainer trains on the base data plus that feedback set.
 */
class FeedbackLoopIT {

  private static final Path APP = Path.of(System.getProperty("drover.serving.app"));

  @TempDir Path temp;

  @Test
  void feedbackSurvivesACrashAndARetrainingRunTrainsOnIt() throws Exception {
    Path feedback = temp.resolve("feedback");
    List<String[]> data = TestBundles.rows(TestBundles.irisData());

    Process first = start(feedback, "first.log");
    Map<Path, byte[]> beforeCrash = new LinkedHashMap<>();
    try {
      label(first, data, 0, 20);
      for (Path file : FeedbackDataset.files(feedback)) {
        beforeCrash.put(file, Files.readAllBytes(file));
      }
    } finally {
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(beforeCrash).hasSize(1);

    Process second = start(feedback, "second.log");
    try {
      label(second, data, 20, 30);
    } finally {
      second.destroy();
      assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    List<Path> files = FeedbackDataset.files(feedback);
    assertThat(files).hasSize(2);
    for (Map.Entry<Path, byte[]> earlier : beforeCrash.entrySet()) {
      assertThat(Files.readAllBytes(earlier.getKey())).isEqualTo(earlier.getValue());
    }
    assertThat(Files.readAllLines(files.get(0))).hasSize(21);
    assertThat(Files.readAllLines(files.get(1))).hasSize(11);

    TestBundles.train(
        "iris-with-feedback",
        TestBundles.irisData(),
        "{\"epochs\":\"40\"}",
        Map.of(
            TrainerEnvironment.DATASET_SOURCES,
            DatasetSources.toJson(List.of(new DatasetSource(feedback.toString())))));
    TrainerResult result =
        TrainerResults.parse(Files.readString(TestBundles.result("iris-with-feedback")));
    assertThat(result.outcome()).isEqualTo(TrainerResult.Outcome.Succeeded);
    assertThat(result.dataset().rows()).isEqualTo(180L);
    assertThat(result.dataset().sources()).hasSize(2);
    assertThat(result.dataset().sources().get(1).rows()).isEqualTo(30L);
  }

  /** Predicts rows {@code from..to} of the data, one per request, and sends each one's label. */
  private static void label(Process server, List<String[]> data, int from, int to) {
    Http http = new Http(URI.create("http://127.0.0.1:" + port(server)));
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> http.get("/v2/health/ready").status() == 200);
    for (int i = from; i < to; i++) {
      String[] row = data.get(i * 5);
      String values = String.join(",", List.of(row).subList(0, 4));
      Http.Response infer =
          http.post(
              "/v2/models/iris/infer",
              ("{\"id\":\"row-%d\",\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],"
                      + "\"datatype\":\"FP32\",\"data\":[%s]}]}")
                  .formatted(i, values));
      assertThat(infer.status()).as(infer.body()).isEqualTo(200);
      Http.Response answer =
          http.post(
              "/v2/models/iris/feedback",
              "{\"id\":\"row-%d\",\"label\":\"%s\"}".formatted(i, row[4]));
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }
  }

  private static final Map<Process, Integer> PORTS = new java.util.concurrent.ConcurrentHashMap<>();

  private Process start(Path feedback, String log) throws IOException {
    int port = freePort();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(List.of(java.toString(), "-jar", APP.toString()))
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve(log).toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("DROVER_"));
    builder
        .environment()
        .putAll(
            Map.of(
                "DROVER_MODEL_URI",
                TestBundles.iris().toString(),
                FeedbackDataset.DIRECTORY_ENV,
                feedback.toString(),
                "QUARKUS_HTTP_PORT",
                String.valueOf(port)));
    Process process = builder.start();
    PORTS.put(process, port);
    return process;
  }

  private static int port(Process server) {
    return PORTS.get(server);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
