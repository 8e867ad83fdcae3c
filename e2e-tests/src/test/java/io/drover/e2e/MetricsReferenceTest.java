package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.e2e.support.MetricsReference;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.FeatureDrift;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.MonitoringStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VersionMonitoring;
import io.drover.operator.metrics.OperatorMetrics;
import io.drover.operator.metrics.OperatorMetrics.ComputeSeconds;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.List;
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
    metrics.monitoring(
        "team-a",
        "iris",
        new MonitoringStatus(
            "2026-12-01T10:00:00Z",
            List.of(
                new VersionMonitoring(
                    3,
                    "iris-v3",
                    "iris-v3",
                    2,
                    900L,
                    500L,
                    List.of(new FeatureDrift("petal_length", 0.31, 0.02, true)),
                    0.31,
                    0.02,
                    true,
                    0.93,
                    240L)),
            null),
        true);
    metrics.retrainingStarted("team-a", "iris", "Drift");
    String scrape = registry.scrape();

    assertThat(MetricsReference.scraped(scrape))
        .containsKeys(
            "drover_rollouts_total",
            "drover_gpu_seconds_total",
            "drover_reconcile_seconds_count",
            "drover_inferenceservice_drift_psi",
            "drover_inferenceservice_outlier_rate",
            "drover_inferenceservice_live_accuracy",
            "drover_inferenceservice_labelled_rows",
            "drover_retraining_breaker_open",
            "drover_retraining_runs_total");
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
