package io.drover.benchmarks.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesOfOneToAHundredMilliseconds() {
    Latencies latencies = new Latencies("job");
    for (int ms = 100; ms >= 1; ms--) {
      latencies.record(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    assertThat(latencies.count()).isEqualTo(100);
    assertThat(latencies.p50Millis()).isCloseTo(50, within(0.1));
    assertThat(latencies.p99Millis()).isCloseTo(99, within(0.1));
    assertThat(latencies.maxMillis()).isCloseTo(100, within(0.1));
  }

  @Test
  void anEventThatNeverCameIsCountedApartFromThePercentiles() {
    Latencies latencies = new Latencies("deployment");
    latencies.record(TimeUnit.MILLISECONDS.toNanos(5));
    latencies.missed();

    assertThat(latencies.count()).isEqualTo(1);
    assertThat(latencies.missing()).isEqualTo(1);
  }
}
