package io.drover.operator.inferenceservice.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.FeatureDrift;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.MonitoringStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VersionMonitoring;
import io.drover.operator.api.inferenceservice.Monitoring;
import io.drover.operator.inferenceservice.dataplane.MonitoringSource.LiveVersion;
import io.drover.operator.inferenceservice.dataplane.MonitoringSource.ServerPod;
import io.drover.operator.inferenceservice.dataplane.MonitoringSources.PrometheusSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus source against recorded answers of Prometheus' {@code /api/v1/query}, served on
 * loopback: the query it sends, how it groups series into replicas and merges them, and what it
 * says when Prometheus cannot help. (e2e-tests compares it with the servers' own figures against a
 * real Prometheus scraping real servers.)
 */
class PrometheusMonitoringTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final VariantStatus V1 =
      new VariantStatus("iris-v1", "iris-1", 1, null, null, 2, 2, null, 100, null, null, null);
  private static final Monitoring PROMETHEUS =
      new Monitoring(null, null, null, null, Monitoring.MonitoringSource.Prometheus);

  private HttpServer prometheus;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    if (prometheus != null) {
      prometheus.stop(0);
    }
  }

  @Test
  void mergesTheReadyReplicasSeriesWeightedByTheirRowsAndSendsOneSelectorPerVersion() {
    MonitoringStatus status =
        read(answering(200, "two-ready-replicas.json"), pods("iris-v1-a", "iris-v1-b"));

    assertThat(queries)
        .containsExactly(
            "{__name__=~\"drover_feature_psi|drover_feature_outlier_rate|drover_drift_window_rows"
                + "|drover_live_accuracy|drover_live_accuracy_rows|drover_inference_requests_total\""
                + ",namespace=\"ml\",variant=\"iris-v1\"}");
    assertThat(status.unavailable()).isNull();
    assertThat(status.time()).isEqualTo(NOW.toString());
    VersionMonitoring v1 = status.versions().get(0);
    // iris-v1-old is scraped but not ready: left out, like the servers source leaves it out.
    assertThat(v1.replicas()).isEqualTo(2);
    assertThat(v1.requests()).isEqualTo(142);
    assertThat(v1.windowRows()).isEqualTo(200);
    // PSI weighted by window rows: (0.5*150 + 0.1*50) / 200; features in name order.
    assertThat(v1.features())
        .containsExactly(
            new FeatureDrift("petal_length", 0.4, 0.3, true),
            new FeatureDrift("sepal_length", 0.15, 0.05, false));
    assertThat(v1.maxPsi()).isEqualTo(0.4);
    assertThat(v1.maxOutlierRate()).isEqualTo(0.3);
    assertThat(v1.drifted()).isTrue();
    // Accuracy weighted by labelled rows: (0.9*50 + 0.6*25) / 75.
    assertThat(v1.liveAccuracy()).isEqualTo(0.8);
    assertThat(v1.labelledRows()).isEqualTo(75);
  }

  @Test
  void aShortWindowAndNoFeedbackGiveNoDriftAndNoAccuracyLikeTheServersReport() {
    VersionMonitoring v1 =
        read(answering(200, "short-window.json"), pods("iris-v1-a")).versions().get(0);

    assertThat(v1.features()).isNull();
    assertThat(v1.maxPsi()).isNull();
    assertThat(v1.drifted()).isNull();
    assertThat(v1.liveAccuracy()).isNull();
    assertThat(v1.labelledRows()).isZero();
    assertThat(v1.windowRows()).isEqualTo(12);
    assertThat(v1.requests()).isEqualTo(12);
  }

  @Test
  void aReadyPodWithoutSeriesIsNamedWithTheQueryAndTheLabelsExpected() {
    MonitoringStatus status =
        read(answering(200, "two-ready-replicas.json"), pods("iris-v1-a", "iris-v1-7f9c"));

    assertThat(status.versions().get(0).replicas()).isEqualTo(1);
    assertThat(status.unavailable())
        .contains("v1: Prometheus has no series for ready pod iris-v1-7f9c")
        .contains("variant=\"iris-v1\"")
        .contains("labelled namespace, variant and pod");
  }

  @Test
  void aRefusedQueryIsReportedWithTheQueryAndPrometheusAnswer() {
    MonitoringStatus status = read(answering(400, "refused.json"), pods("iris-v1-a"));

    assertThat(status.versions()).isNull();
    assertThat(status.unavailable())
        .startsWith("v1: Prometheus refused {__name__=~")
        .contains("(400 bad_data)")
        .contains("parse error");
  }

  @Test
  void aPrometheusThatDoesNotAnswerInTimeIsReportedOnceTheTimeoutPassed() {
    String url = serve(exchange -> awaitRelease());
    MonitoringSource source = prometheusAt(url, Duration.ofMillis(300));
    long start = System.nanoTime();

    MonitoringStatus status = source.read("ml", "iris", pods("iris-v1-a"), 0.2, NOW);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(status.versions()).isNull();
    assertThat(status.unavailable()).contains("Prometheus at " + url).contains("gave no answer");
  }

  @Test
  void anAnswerThatIsNotPrometheusJsonIsReportedWithItsStart() {
    String url =
        serve(
            exchange -> {
              byte[] body = "<html>login required</html>".getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(200, body.length);
              exchange.getResponseBody().write(body);
            });
    MonitoringStatus status =
        prometheusAt(url, Duration.ofSeconds(2)).read("ml", "iris", pods("iris-v1-a"), 0.2, NOW);

    assertThat(status.unavailable()).contains("not its API's JSON: <html>login required</html>");
  }

  @Test
  void askingForPrometheusWithoutItsUrlNamesTheSettingToSet() {
    MonitoringSources sources =
        MonitoringSources.of(
            new HttpDataPlane(Duration.ofSeconds(1)),
            new PrometheusSettings(Optional.empty(), "namespace", "variant", "pod"),
            Duration.ofSeconds(1));

    MonitoringStatus status = sources.of(PROMETHEUS).read("ml", "iris", pods("a"), 0.2, NOW);

    assertThat(status.time()).isEqualTo(NOW.toString());
    assertThat(status.versions()).isNull();
    assertThat(status.unavailable())
        .contains("drover.monitoring.prometheus-url")
        .contains("DROVER_MONITORING_PROMETHEUS_URL");
    assertThat(sources.of(Monitoring.defaults())).isInstanceOf(ServersMonitoring.class);
  }

  @Test
  void unusableSettingsAreNamedRatherThanFailingTheOperator() {
    assertThat(unavailableWith("prometheus:9090", "namespace"))
        .contains("drover.monitoring.prometheus-url is 'prometheus:9090', not an http(s) URL");
    assertThat(unavailableWith("http://prometheus:9090", "drover.io/ns"))
        .contains("drover.monitoring.prometheus-namespace-label is 'drover.io/ns'");
  }

  private String unavailableWith(String url, String namespaceLabel) {
    return MonitoringSources.of(
            new HttpDataPlane(Duration.ofSeconds(1)),
            new PrometheusSettings(Optional.of(url), namespaceLabel, "variant", "pod"),
            Duration.ofSeconds(1))
        .of(PROMETHEUS)
        .read("ml", "iris", pods("a"), 0.2, NOW)
        .unavailable();
  }

  private MonitoringStatus read(String url, List<LiveVersion> versions) {
    return prometheusAt(url, Duration.ofSeconds(2)).read("ml", "iris", versions, 0.2, NOW);
  }

  private static MonitoringSource prometheusAt(String url, Duration timeout) {
    return MonitoringSources.of(
            new HttpDataPlane(timeout),
            new PrometheusSettings(Optional.of(url), "namespace", "variant", "pod"),
            timeout)
        .of(PROMETHEUS);
  }

  private static List<LiveVersion> pods(String... names) {
    return List.of(
        new LiveVersion(
            V1,
            java.util.Arrays.stream(names)
                .map(name -> new ServerPod(name, "http://127.0.0.1:9"))
                .toList()));
  }

  /** A Prometheus that answers every query with a recorded answer. */
  private String answering(int status, String recording) {
    byte[] body;
    try (InputStream in = getClass().getResourceAsStream("/prometheus/" + recording)) {
      body = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return serve(
        exchange -> {
          exchange.getResponseHeaders().add("content-type", "application/json");
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
        });
  }

  private interface Handler {
    void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
  }

  private String serve(Handler handler) {
    try {
      prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    prometheus.createContext(
        "/api/v1/query",
        exchange -> {
          String query = exchange.getRequestURI().getRawQuery();
          for (String part : query.split("&")) {
            if (part.startsWith("query=")) {
              queries.add(URLDecoder.decode(part.substring(6), StandardCharsets.UTF_8));
            }
          }
          try (exchange) {
            handler.handle(exchange);
          }
        });
    prometheus.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    prometheus.start();
    return "http://127.0.0.1:" + prometheus.getAddress().getPort();
  }

  private void awaitRelease() {
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
