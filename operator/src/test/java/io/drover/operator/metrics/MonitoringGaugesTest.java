package io.drover.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MonitoringGaugesTest {

  private static final Instant START = Instant.parse("2026-12-03T18:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final OperatorMetrics metrics = new OperatorMetrics(registry);

  @Test
  void aDeletedServiceLosesItsGaugesWithinAMinuteWhileTheOthersKeepTheirs() {
    metrics.monitoring("shop", "recommender", null, false);
    metrics.monitoring("shop", "fraud", null, true);
    metrics.keepServices(existing("recommender", "fraud"), START);
    assertThat(breakers()).containsExactlyInAnyOrder("recommender", "fraud");

    // fraud is deleted: asked by every reconcile, the gauges are swept once a minute.
    metrics.keepServices(existing("recommender"), START.plusSeconds(30));
    assertThat(breakers()).containsExactlyInAnyOrder("recommender", "fraud");
    metrics.keepServices(existing("recommender"), START.plusSeconds(60));
    assertThat(breakers()).containsExactly("recommender");
    assertThat(
            registry
                .find("drover.retraining.breaker.open")
                .tag("inferenceservice", "recommender")
                .gauge()
                .value())
        .isZero();
  }

  private static java.util.function.BiPredicate<String, String> existing(String... names) {
    Set<String> services = Set.of(names);
    return (namespace, name) -> namespace.equals("shop") && services.contains(name);
  }

  private Set<String> breakers() {
    return Set.copyOf(
        registry.find("drover.retraining.breaker.open").gauges().stream()
            .map(gauge -> gauge.getId().getTag("inferenceservice"))
            .toList());
  }
}
