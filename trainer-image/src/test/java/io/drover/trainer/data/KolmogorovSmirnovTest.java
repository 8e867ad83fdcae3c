package io.drover.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {

  @Test
  void tailMatchesTheKolmogorovDistribution() {
    // Reference values: scipy.stats.kstwobign.sf (SciPy 1.17).
    assertThat(KolmogorovSmirnov.kolmogorovTail(1.36))
        .isCloseTo(0.049485876755377876, within(1e-12));
    assertThat(KolmogorovSmirnov.kolmogorovTail(1.63))
        .isCloseTo(0.009846364888486529, within(1e-12));
    assertThat(KolmogorovSmirnov.kolmogorovTail(0.5)).isCloseTo(0.9639452436648751, within(1e-9));
    assertThat(KolmogorovSmirnov.kolmogorovTail(3.0))
        .isCloseTo(3.045995948942526e-08, within(1e-15));
    assertThat(KolmogorovSmirnov.kolmogorovTail(0.05)).isEqualTo(1.0);
  }

  @Test
  void statisticAndPValueMatchAReferenceComputation() {
    // scipy.stats.ks_2samp gives D = 0.4; p = kstwobign.sf with Stephens' correction.
    double[] a = {0.1, 0.4, 0.4, 0.9, 1.3, 2.2, 2.5, 3.1};
    double[] b = {0.4, 1.0, 1.1, 1.9, 2.0, 2.7, 3.3, 3.8, 4.0, 4.4};

    KolmogorovSmirnov.Result result = KolmogorovSmirnov.test(a, b);

    assertThat(result.statistic()).isCloseTo(0.4, within(1e-12));
    assertThat(result.pValue()).isCloseTo(0.376181584779558, within(1e-9));
  }

  @Test
  void identicalSamplesShowNoShift() {
    double[] values = {3, 1, 2, 2, 5};

    KolmogorovSmirnov.Result result = KolmogorovSmirnov.test(values, values.clone());

    assertThat(result.statistic()).isZero();
    assertThat(result.pValue()).isEqualTo(1.0);
  }

  @Test
  void shiftedSampleIsSignificant() {
    Random random = new Random(1);
    double[] reference = new double[500];
    double[] shifted = new double[500];
    for (int i = 0; i < 500; i++) {
      reference[i] = random.nextGaussian();
      shifted[i] = random.nextGaussian() + 0.5;
    }

    KolmogorovSmirnov.Result result = KolmogorovSmirnov.test(reference, shifted);

    assertThat(result.statistic()).isGreaterThan(0.15);
    assertThat(result.pValue()).isLessThan(1e-6);
  }

  @Test
  void disjointSamplesAreMaximallyDistant() {
    KolmogorovSmirnov.Result result =
        KolmogorovSmirnov.test(new double[] {1, 2, 3}, new double[] {10, 11});

    assertThat(result.statistic()).isEqualTo(1.0);
  }

  @Test
  void refusesAnEmptySample() {
    assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[0], new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
