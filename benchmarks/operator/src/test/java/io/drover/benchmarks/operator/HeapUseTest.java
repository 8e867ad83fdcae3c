package io.drover.benchmarks.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeapUseTest {

  @Test
  void sumsTheYoungAndOldGenerationsOfTheParallelCollector() {
    HeapUse heap =
        HeapUse.parse(
            """
            934:
             PSYoungGen      total 25088K, used 11773K [0x00000000f8000000, 0x00000000f9c00000)
              eden space 21504K, 54% used [0x00000000f8000000,0x00000000f8b7f4e0,0x00000000f9500000)
             ParOldGen       total 107008K, used 88739K [0x00000000e8000000, 0x00000000ee880000)
              object space 107008K, 82% used [0x00000000e8000000,0x00000000ed6a8c70)
             Metaspace       used 59240K, committed 60416K, reserved 1114112K
            """);

    assertThat(heap.usedKib()).isEqualTo(11773 + 88739);
    assertThat(heap.committedKib()).isEqualTo(25088 + 107008);
  }

  @Test
  void readsTheSerialCollectorsGenerationsToo() {
    HeapUse heap =
        HeapUse.parse(
            """
             def new generation   total 9792K, used 5104K [0x00000000e8000000, 0x00000000e8aa0000)
             tenured generation   total 21588K, used 17000K [0x00000000eeaa0000, 0x00000000eff95000)
             Metaspace       used 59240K, committed 60416K, reserved 1114112K
            """);

    assertThat(heap.usedKib()).isEqualTo(22104);
  }

  @Test
  void anUnknownCollectorIsAnError() {
    assertThatThrownBy(() -> HeapUse.parse(" garbage-first heap   total 1K, used 1K"))
        .hasMessageContaining("found 0");
  }
}
