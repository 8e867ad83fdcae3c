package io.drover.serving.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PopulationStabilityIndexTest {

  @Test
  void identicalSharesGiveZero() {
    assertThat(PopulationStabilityIndex.of(new long[] {10, 20, 30}, new long[] {1, 2, 3}))
        .isCloseTo(0.0, within(1e-12));
  }

  @Test
  void matchesTheFormulaByHand() {
    // shares 0.5/0.5 against 0.8/0.2: (0.8-0.5)ln(0.8/0.5) + (0.2-0.5)ln(0.2/0.5)
    double expected = 0.3 * Math.log(1.6) + (-0.3) * Math.log(0.4);
    assertThat(PopulationStabilityIndex.of(new long[] {50, 50}, new long[] {80, 20}))
        .isCloseTo(expected, within(1e-12));
  }

  @Test
  void anEmptyBinIsFlooredNotInfinite() {
    double psi = PopulationStabilityIndex.of(new long[] {100, 0}, new long[] {50, 50});
    assertThat(psi).isFinite().isGreaterThan(0.2);
  }

  @Test
  void nothingObservedIsZeroAndMismatchedBinsAreRefused() {
    assertThat(PopulationStabilityIndex.of(new long[] {1, 2}, new long[] {0, 0})).isZero();
    assertThatThrownBy(() -> PopulationStabilityIndex.of(new long[] {1}, new long[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
