package io.drover.serving.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnsweredIdsTest {

  @Test
  void remembersTheLastIdsUpToItsCapacityForgettingTheOldestFirst() {
    AnsweredIds ids = new AnsweredIds(3);
    ids.remember("a", "v1");
    ids.remember("b", "v2");
    ids.remember("c", "v1");
    ids.remember("d", "v2");
    assertThat(ids.variantOf("a")).isNull();
    assertThat(ids.variantOf("b")).isEqualTo("v2");
    assertThat(ids.variantOf("c")).isEqualTo("v1");
    assertThat(ids.variantOf("d")).isEqualTo("v2");
    assertThat(ids.size()).isEqualTo(3);
  }

  @Test
  void anIdSeenAgainTakesTheNewVariantWithoutGrowing() {
    AnsweredIds ids = new AnsweredIds(3);
    ids.remember("a", "v1");
    ids.remember("a", "v2");
    assertThat(ids.variantOf("a")).isEqualTo("v2");
    assertThat(ids.size()).isEqualTo(1);
  }

  @Test
  void aLongRunStaysBoundedAndHoldsExactlyTheNewest() {
    AnsweredIds ids = new AnsweredIds(1000);
    for (int i = 0; i < 50_000; i++) {
      ids.remember("req-" + i, i % 2 == 0 ? "even" : "odd");
    }
    assertThat(ids.size()).isEqualTo(1000);
    for (int i = 0; i < 50_000; i++) {
      String expected = i < 49_000 ? null : i % 2 == 0 ? "even" : "odd";
      assertThat(ids.variantOf("req-" + i)).as("req-%d", i).isEqualTo(expected);
    }
  }
}
