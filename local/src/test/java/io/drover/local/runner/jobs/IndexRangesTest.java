package io.drover.local.runner.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IndexRangesTest {
  @Test
  void consecutiveIndexesCollapseIntoRanges() {
    assertThat(IndexRanges.format(new TreeSet<>(List.of(0, 1, 2, 3, 5, 7, 8))))
        .isEqualTo("0-3,5,7-8");
    assertThat(IndexRanges.format(new TreeSet<>())).isEmpty();
    assertThat(IndexRanges.format(new TreeSet<>(List.of(4)))).isEqualTo("4");
  }
}
