package io.drover.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.bundle.TrainingBaseline.FeatureBaseline;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BaselineCalculatorTest {

  @Test
  void summarizesAFeature() {
    double[] values = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();

    FeatureBaseline baseline = BaselineCalculator.feature("x", values, 1);

    assertThat(baseline.count()).isEqualTo(100);
    assertThat(baseline.mean()).isEqualTo(50.5);
    assertThat(baseline.std()).isCloseTo(28.866, within(1e-3));
    assertThat(baseline.min()).isEqualTo(1);
    assertThat(baseline.max()).isEqualTo(100);
    assertThat(baseline.quantiles())
        .filteredOn(q -> q.q() == 0.5)
        .singleElement()
        .satisfies(q -> assertThat(q.value()).isEqualTo(50.5));
    assertThat(baseline.histogram().edges()).hasSize(11).startsWith(1.0).endsWith(100.0);
    assertThat(baseline.histogram().counts())
        .hasSize(10)
        .allSatisfy(c -> assertThat(c).isBetween(9L, 11L));
    assertThat(baseline.sample()).hasSize(100);
  }

  @Test
  void constantFeatureHasOneFilledBin() {
    FeatureBaseline baseline = BaselineCalculator.feature("x", new double[] {2, 2, 2}, 1);

    assertThat(baseline.std()).isZero();
    assertThat(baseline.histogram().counts().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(3);
  }

  @Test
  void largeFeaturesKeepABoundedSortedSample() {
    double[] values = IntStream.range(0, 5000).asDoubleStream().toArray();

    FeatureBaseline baseline = BaselineCalculator.feature("x", values, 1);

    assertThat(baseline.sample())
        .hasSize(ModelBundles.BASELINE_SAMPLE_LIMIT)
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(BaselineCalculator.feature("x", values, 1).sample()).isEqualTo(baseline.sample());
  }

  @Test
  void theSampleIsThePartialFisherYatesShuffleOfTheRowOrder() {
    java.util.Random random = new java.util.Random(5);
    double[] values = random.doubles(7000).toArray();
    // The sample as a full copy shuffled in front would be, which earlier bundles hold.
    double[] copy = values.clone();
    java.util.Random shuffle = new java.util.Random(9);
    int limit = ModelBundles.BASELINE_SAMPLE_LIMIT;
    for (int i = 0; i < limit; i++) {
      int j = i + shuffle.nextInt(copy.length - i);
      double swap = copy[i];
      copy[i] = copy[j];
      copy[j] = swap;
    }
    double[] expected = java.util.Arrays.copyOf(copy, limit);
    java.util.Arrays.sort(expected);

    assertThat(BaselineCalculator.feature("x", values, 9).sample())
        .containsExactly(java.util.Arrays.stream(expected).boxed().toArray(Double[]::new));
  }
}
