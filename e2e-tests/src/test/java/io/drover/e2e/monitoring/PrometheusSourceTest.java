package io.drover.e2e.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.e2e.support.Repo;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.FeatureDrift;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.MonitoringStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VersionMonitoring;
import io.drover.operator.api.inferenceservice.Monitoring;
import io.drover.operator.inferenceservice.dataplane.HttpDataPlane;
import io.drover.operator.inferenceservice.dataplane.MonitoringSource;
import io.drover.operator.inferenceservice.dataplane.MonitoringSource.LiveVersion;
import io.drover.operator.inferenceservice.dataplane.MonitoringSource.ServerPod;
import io.drover.operator.inferenceservice.dataplane.MonitoringSources;
import io.drover.operator.inferenceservice.dataplane.MonitoringSources.PrometheusSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus source agrees with the servers: Debian's Prometheus scrapes two real model servers
 * (the packaged serving app, a bundle trained by the real trainer) every second; after drifted
 * traffic to one, plain traffic to the other and feedback to both, the operator's Prometheus source
 * reads from Prometheus the same merged figures the servers source reads from the servers.
 */
class PrometheusSourceTest {

  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Path SERVER_APP =
      Repo.ROOT.resolve("serving-image/target/quarkus-app/quarkus-run.jar");
  private static final Path IRIS =
      Repo.ROOT.resolve("trainer-image/src/test/resources/data/iris.csv");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String NAMESPACE = "ml";
  private static final VariantStatus V1 =
      new VariantStatus("iris-v1", "iris-1", 1, null, null, 2, 2, null, 100, null, null, null);

  @TempDir Path temp;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void prometheusScrapingRealServersGivesTheFiguresTheServersGive() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(PROMETHEUS),
        "needs Debian's Prometheus at /usr/bin/prometheus (apt-get install prometheus)");
    assertThat(SERVER_APP)
        .as(
            "the packaged model server; build it with ./mvnw -B -DskipTests -pl serving-image -am package")
        .isRegularFile();
    Path bundle = IrisBundle.train(temp.resolve("bundle"), IRIS);

    int portA = freePort();
    int portB = freePort();
    startServer(bundle, portA, "server-a.log");
    startServer(bundle, portB, "server-b.log");
    int prometheusPort = freePort();
    startPrometheus(prometheusPort, portA, portB);
    String prometheus = "http://127.0.0.1:" + prometheusPort;
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                get("http://127.0.0.1:" + portA + "/v2/health/ready").statusCode() == 200
                    && get("http://127.0.0.1:" + portB + "/v2/health/ready").statusCode() == 200
                    && get(prometheus + "/-/ready").statusCode() == 200);

    // Server A sees petal length shifted by 3 cm (drift, outliers); B sees the training data.
    List<String[]> rows = IrisBundle.rows(IRIS);
    Traffic a = new Traffic("http://127.0.0.1:" + portA);
    Traffic b = new Traffic("http://127.0.0.1:" + portB);
    for (int start = 0; start < 150; start += 30) {
      a.infer(rows.subList(start, start + 30), 3.0);
    }
    for (int start = 0; start < 90; start += 30) {
      b.infer(rows.subList(start * 5 / 3, start * 5 / 3 + 30), 0.0);
    }
    a.feedback(60);
    b.feedback(30);

    List<LiveVersion> live =
        List.of(
            new LiveVersion(
                V1,
                List.of(
                    new ServerPod("iris-v1-a", "http://127.0.0.1:" + portA),
                    new ServerPod("iris-v1-b", "http://127.0.0.1:" + portB))));
    Monitoring servers = Monitoring.defaults();
    Monitoring fromPrometheus =
        new Monitoring(null, null, null, null, Monitoring.MonitoringSource.Prometheus);
    MonitoringSources sources =
        MonitoringSources.of(
            new HttpDataPlane(Duration.ofSeconds(3)),
            new PrometheusSettings(Optional.of(prometheus), "namespace", "variant", "pod"),
            Duration.ofSeconds(3));
    AtomicReference<MonitoringStatus> lastServers = new AtomicReference<>();
    AtomicReference<MonitoringStatus> lastPrometheus = new AtomicReference<>();
    // The traffic has stopped: once Prometheus has scraped the servers' final state, both agree.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              lastServers.set(read(sources.of(servers), live));
              lastPrometheus.set(read(sources.of(fromPrometheus), live));
              assertThat(lastPrometheus.get().unavailable()).isNull();
              assertThat(normalized(lastPrometheus.get())).isEqualTo(normalized(lastServers.get()));
            });

    VersionMonitoring merged = lastPrometheus.get().versions().get(0);
    assertThat(lastServers.get().unavailable()).isNull();
    assertThat(merged.replicas()).isEqualTo(2);
    assertThat(merged.requests()).isEqualTo(8);
    assertThat(merged.windowRows()).isEqualTo(240);
    assertThat(merged.labelledRows()).isEqualTo(90);
    assertThat(merged.liveAccuracy()).isBetween(0.0, 1.0);
    FeatureDrift petal =
        merged.features().stream()
            .filter(f -> f.feature().equals("petal_length"))
            .findFirst()
            .orElseThrow();
    assertThat(petal.psi()).isGreaterThan(0.2);
    assertThat(petal.outlierRate()).isGreaterThan(0.2);
    assertThat(merged.drifted()).isTrue();
  }

  private static MonitoringStatus read(MonitoringSource source, List<LiveVersion> live) {
    return source.read(NAMESPACE, "iris", live, 0.2, Instant.EPOCH);
  }

  /** Features by name: Prometheus does not know the model's feature order. */
  private static List<VersionMonitoring> normalized(MonitoringStatus status) {
    assertThat(status.versions()).as(String.valueOf(status.unavailable())).isNotNull();
    return status.versions().stream()
        .map(
            v ->
                new VersionMonitoring(
                    v.version(),
                    v.modelVersion(),
                    v.variant(),
                    v.replicas(),
                    v.requests(),
                    v.windowRows(),
                    v.features() == null
                        ? null
                        : v.features().stream()
                            .sorted(Comparator.comparing(FeatureDrift::feature))
                            .toList(),
                    v.maxPsi(),
                    v.maxOutlierRate(),
                    v.drifted(),
                    v.liveAccuracy(),
                    v.labelledRows()))
        .toList();
  }

  private void startServer(Path bundle, int port, String log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                SERVER_APP.toString())
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve(log).toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("DROVER_"));
    builder.environment().put("DROVER_MODEL_URI", bundle.toString());
    builder.environment().put("DROVER_MODEL_NAME", "iris");
    builder.environment().put("DROVER_MONITORING_WINDOW_ROWS", "200");
    builder.environment().put("DROVER_MONITORING_MIN_ROWS", "50");
    builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    processes.add(builder.start());
  }

  /**
   * Prometheus scraping both servers every second, with the labels a PodMonitor would give their
   * pods: namespace, variant (the pod's drover.io/variant) and pod.
   */
  private void startPrometheus(int port, int portA, int portB) throws IOException {
    Path config = temp.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: drover-serving
            metrics_path: /metrics
            static_configs:
              - targets: ["127.0.0.1:%d"]
                labels: {namespace: ml, variant: iris-v1, pod: iris-v1-a}
              - targets: ["127.0.0.1:%d"]
                labels: {namespace: ml, variant: iris-v1, pod: iris-v1-b}
        """
            .formatted(portA, portB));
    processes.add(
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + temp.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("prometheus.log").toFile())
            .start());
  }

  /** Infer requests and feedback to one server, remembering what it predicted. */
  private static final class Traffic {
    private final String base;
    private final List<String> ids = new ArrayList<>();
    private final List<List<String>> truths = new ArrayList<>();

    Traffic(String base) {
      this.base = base;
    }

    void infer(List<String[]> batch, double petalShift) throws Exception {
      StringBuilder data = new StringBuilder();
      for (String[] row : batch) {
        for (int i = 0; i < 4; i++) {
          double value = Double.parseDouble(row[i]) + (i == 2 ? petalShift : 0);
          data.append(data.length() == 0 ? "" : ",").append(value);
        }
      }
      String body =
          "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[%d,4],\"datatype\":\"FP32\",\"data\":[%s]}]}"
              .formatted(batch.size(), data);
      HttpResponse<String> answer = post(base + "/v2/models/iris/infer", body);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      ids.add(JSON.readTree(answer.body()).get("id").asText());
      truths.add(batch.stream().map(row -> row[4]).toList());
    }

    /** Ground truth for the first requests' rows, {@code rows} in all (whole requests). */
    void feedback(int rows) throws Exception {
      int sent = 0;
      for (int i = 0; sent < rows; i++) {
        String labels = String.join("\",\"", truths.get(i));
        HttpResponse<String> answer =
            post(
                base + "/v2/models/iris/feedback",
                "{\"id\":\"%s\",\"labels\":[\"%s\"]}".formatted(ids.get(i), labels));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        sent += truths.get(i).size();
      }
    }
  }

  private static HttpResponse<String> get(String uri) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(2)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String uri, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(uri))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
