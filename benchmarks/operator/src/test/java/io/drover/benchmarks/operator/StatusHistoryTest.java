package io.drover.benchmarks.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StatusHistoryTest {

  @Test
  void movingForwardIsNoRegression() {
    assertThat(StatusHistory.regressed(Arrays.asList(null, "Pending", "Running", "Succeeded")))
        .isFalse();
  }

  @Test
  void comingBackToAStateLeftEarlierIsARegression() {
    assertThat(StatusHistory.regressed(Arrays.asList("Pending", "Running", "Pending"))).isTrue();
  }

  @Test
  void losingTheStatusIsARegression() {
    assertThat(StatusHistory.regressed(Arrays.asList(null, "Pending", null))).isTrue();
  }
}
