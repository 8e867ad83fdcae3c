package io.drover.local.api.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.local.api.status.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

  private static final Map<String, String> IRIS = Map.of("app", "iris", "tier", "web", "rank", "3");

  @Test
  void equalityAndSetRequirementsAreAnded() {
    assertThat(LabelSelector.parse("app=iris,tier in (web, api)").matches(IRIS)).isTrue();
    assertThat(LabelSelector.parse("app==iris,tier notin (web)").matches(IRIS)).isFalse();
    assertThat(LabelSelector.parse("app!=churn").matches(IRIS)).isTrue();
    assertThat(LabelSelector.parse("app in (churn)").matches(IRIS)).isFalse();
  }

  @Test
  void existenceAndAbsence() {
    assertThat(LabelSelector.parse("tier,!legacy").matches(IRIS)).isTrue();
    assertThat(LabelSelector.parse("!tier").matches(IRIS)).isFalse();
    assertThat(LabelSelector.parse("legacy notin (x)").matches(IRIS))
        .as("notin matches objects without the label")
        .isTrue();
  }

  @Test
  void numericComparisons() {
    assertThat(LabelSelector.parse("rank>2").matches(IRIS)).isTrue();
    assertThat(LabelSelector.parse("rank<3").matches(IRIS)).isFalse();
  }

  @Test
  void anEmptySelectorMatchesEverything() {
    assertThat(LabelSelector.parse("").matches(Map.of())).isTrue();
    assertThat(LabelSelector.parse(null).isEverything()).isTrue();
  }

  @Test
  void aMalformedSelectorIsTheClientsError() {
    assertThatThrownBy(() -> LabelSelector.parse("app in web"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining("labelSelector");
  }
}
