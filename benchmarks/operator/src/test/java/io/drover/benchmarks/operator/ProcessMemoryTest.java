package io.drover.benchmarks.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  private static final String STATUS =
      """
      Name:\tjava
      VmPeak:\t 4123456 kB
      VmHWM:\t  301240 kB
      VmRSS:\t  262144 kB
      Threads:\t40
      """;

  @Test
  void readsTheResidentSetAndItsPeakNotTheVirtualSize() {
    ProcessMemory memory = ProcessMemory.parse(STATUS);

    assertThat(memory.rssKib()).isEqualTo(262144);
    assertThat(memory.peakKib()).isEqualTo(301240);
    assertThat(memory.rssMib()).isEqualTo(256.0);
  }

  @Test
  void aStatusWithoutTheResidentSetIsAnError() {
    assertThatThrownBy(() -> ProcessMemory.parse("Name:\tjava\n")).hasMessageContaining("VmRSS");
  }

  @Test
  void theCurrentProcessHasAResidentSet() {
    ProcessMemory memory = ProcessMemory.of(ProcessHandle.current().pid());

    assertThat(memory.rssKib()).isPositive();
    assertThat(memory.peakKib()).isGreaterThanOrEqualTo(memory.rssKib());
  }
}
