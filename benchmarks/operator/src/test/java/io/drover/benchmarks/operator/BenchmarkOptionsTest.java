package io.drover.benchmarks.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

  @Test
  void restartsUnderEveryJvmVariantUnlessToldWhich() {
    assertThat(BenchmarkOptions.parse(new String[0], Map.of()).variants())
        .containsExactlyElementsOf(JvmVariant.ALL.stream().map(JvmVariant::name).toList());
    assertThat(
            BenchmarkOptions.parse(new String[] {"--variants=serial,production"}, Map.of())
                .variants())
        .containsExactly("serial", "production");
  }

  @Test
  void anUnknownVariantIsRefusedBeforeAnythingRunsAndTheKnownOnesAreNamed() {
    assertThatThrownBy(
            () -> BenchmarkOptions.parse(new String[] {"--variants=production,fast"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown --variants entry fast")
        .hasMessageContaining("production-no-trim");
  }

  @Test
  void theCaughtUpOperatorIsHeldOnlyWhenAskedAndForWholeSeconds() {
    assertThat(BenchmarkOptions.parse(new String[0], Map.of()).holdSeconds()).isZero();
    assertThat(BenchmarkOptions.parse(new String[] {"--hold=600"}, Map.of()).holdSeconds())
        .isEqualTo(600);
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--hold=10m"}, Map.of()))
        .hasMessage("--hold must be a whole number, was 10m");
  }

  @Test
  void nativeMemoryIsReadOnlyFromVariantsThatTrackIt() {
    assertThat(JvmVariant.named("production-nmt").tracksNativeMemory()).isTrue();
    assertThat(JvmVariant.named("production").tracksNativeMemory()).isFalse();
  }
}
