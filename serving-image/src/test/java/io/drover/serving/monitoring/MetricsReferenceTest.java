package io.drover.serving.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.serving.router.RouterStats;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The router's statistics and the server's request meters, scraped from a real Prometheus registry
 * once each has recorded something: every series is in docs/metrics.md with its labels. The model
 * monitor's gauges are checked on the running server (MonitoringTest).
 */
class MetricsReferenceTest {

  @Test
  void routerAndRequestMetricsAreDocumentedWithTheirLabels() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RouterStats stats = new RouterStats(Duration.ofMinutes(1), registry);
    stats.enter("stable");
    stats.request("stable", 2_000_000, false);
    stats.request("candidate", 3_000_000, true);
    stats.leave("stable");
    stats.coldStart("candidate", 2_500_000_000L);
    stats.closed();
    stats.shadow("candidate", "agree");
    stats.feedback("stable", "accepted");
    RequestMetrics requests = new RequestMetrics(registry);
    requests.success("v2", 4, 1_000_000);
    requests.failure("v2", 400);
    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("drover_router_requests_total", "drover_cold_start_seconds_bucket")
        .contains("drover_inference_requests_total");
    assertThat(DocumentedMetrics.discrepancies(scrape)).isEmpty();
  }

  @Test
  void anUndocumentedLabelIsFound() {
    assertThat(DocumentedMetrics.discrepancies("drover_router_closed_total{variant=\"x\"} 1.0\n"))
        .singleElement()
        .asString()
        .contains("docs/metrics.md says []");
  }
}
