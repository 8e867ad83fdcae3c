package io.drover.local.runner.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpansionTest {
  static final Map<String, String> VARS = Map.of("A", "alpha", "B", "beta");

  @Test
  void definedVariablesAreReplacedAndOthersLeftAsWritten() {
    assertThat(Expansion.expand("$(A)-$(B)", VARS)).isEqualTo("alpha-beta");
    assertThat(Expansion.expand("$(C) stays", VARS)).isEqualTo("$(C) stays");
  }

  @Test
  void doubleDollarEscapesAndIncompleteReferencesStay() {
    assertThat(Expansion.expand("$$(A)", VARS)).isEqualTo("$(A)");
    assertThat(Expansion.expand("$$", VARS)).isEqualTo("$");
    assertThat(Expansion.expand("$(A", VARS)).isEqualTo("$(A");
    assertThat(Expansion.expand("cost: $5", VARS)).isEqualTo("cost: $5");
    assertThat(Expansion.expand("end$", VARS)).isEqualTo("end$");
  }
}
