package io.drover.benchmarks.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorReplicaTest {

  private static final String EXPOSITION =
      """
      # HELP drover_reconcile_seconds Reconciles by kind and outcome
      # TYPE drover_reconcile_seconds summary
      drover_reconcile_seconds_count{kind="InferenceService",outcome="error"} 3.0
      drover_reconcile_seconds_count{kind="InferenceService",outcome="success"} 8389.0
      drover_reconcile_seconds_sum{kind="InferenceService",outcome="success"} 1086.5
      jvm_gc_memory_allocated_bytes_total 1.4013622488E10
      """;

  @Test
  void aSeriesIsReadByItsWholeNameAndLabels() {
    assertThat(
            OperatorReplica.metricIn(
                EXPOSITION,
                "drover_reconcile_seconds_count{kind=\"InferenceService\",outcome=\"success\"}"))
        .isEqualTo(8389.0);
    assertThat(OperatorReplica.metricIn(EXPOSITION, "jvm_gc_memory_allocated_bytes_total"))
        .isEqualTo(1.4013622488E10);
  }

  @Test
  void aSeriesNotYetCountedIsZero() {
    assertThat(
            OperatorReplica.metricIn(
                EXPOSITION,
                "drover_reconcile_seconds_count{kind=\"TrainingRun\",outcome=\"success\"}"))
        .isZero();
  }
}
