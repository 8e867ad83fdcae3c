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
  void nativeMemoryIsReadOnlyFromVariantsThatTrackIt() {
    assertThat(JvmVariant.named("production-nmt").tracksNativeMemory()).isTrue();
    assertThat(JvmVariant.named("production").tracksNativeMemory()).isFalse();
  }
}
