package io.drover.serving.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.contract.serving.MonitoringReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassDistributionTest {

  @Test
  void countsTheWindowAndTheTotal() {
    ClassDistribution distribution = new ClassDistribution(List.of("a", "b"), 3);
    distribution.record(new int[] {0, 0, 1});
    distribution.record(new int[] {1, 1});
    MonitoringReport.Predictions snapshot = distribution.snapshot();
    assertThat(snapshot.rows()).isEqualTo(3);
    assertThat(snapshot.window()).containsEntry("a", 0L).containsEntry("b", 3L);
    assertThat(snapshot.shares()).containsEntry("b", 1.0);
    assertThat(snapshot.total()).containsEntry("a", 2L).containsEntry("b", 3L);
  }
}
