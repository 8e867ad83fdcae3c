package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.e2e.support.MetricsReference;
import io.drover.operator.metrics.OperatorMetrics;
import io.drover.operator.metrics.OperatorMetrics.ComputeSeconds;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md against the operator's real meters: every series the operator's Prometheus
 * registry exports, once each meter has recorded something, is documented with its labels.
 */
class MetricsReferenceTest {

  @Test
  void everyOperatorMetricIsDocumentedWithItsLabels() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics metrics = new OperatorMetrics(registry);
    metrics.timeReconcile("InferenceService", () -> "reconciled");
    metrics.timeDataPlane("figures", () -> "read");
    metrics.rolloutEnded("RolledBack");
    metrics.computeSeconds("InferenceService", "team-a", "iris", new ComputeSeconds(2, 3, 4, 5));
    String scrape = registry.scrape();

    assertThat(MetricsReference.scraped(scrape))
        .containsKeys(
            "drover_rollouts_total", "drover_gpu_seconds_total", "drover_reconcile_seconds_count");
    assertThat(MetricsReference.discrepancies(scrape)).isEmpty();
  }

  @Test
  void anUndocumentedMetricIsFound() {
    // Proves the check above can fail.
    assertThat(MetricsReference.discrepancies("drover_nowhere_total{kind=\"x\"} 1.0\n"))
        .singleElement()
        .asString()
        .contains("drover_nowhere_total");
    assertThat(MetricsReference.discrepancies("drover_rollouts_total{phase=\"x\"} 1.0\n"))
        .singleElement()
        .asString()
        .contains("docs/metrics.md says [outcome]");
  }
}
