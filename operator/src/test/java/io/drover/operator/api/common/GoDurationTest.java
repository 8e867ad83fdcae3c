package io.drover.operator.api.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

  @Test
  void readsDurationsAsKubernetesUsersWriteThem() {
    assertThat(GoDuration.parse("f", "90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(GoDuration.parse("f", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("f", "1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("f", "250ms")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void refusesOtherTextNamingTheField() {
    assertThatThrownBy(() -> GoDuration.parse("spec.limits.activeDeadline", "2 hours"))
        .hasMessage(
            "spec.limits.activeDeadline must be a duration such as 30s, 15m or 1h30m, not \"2 hours\"");
  }

  @Test
  void formatsCompactly() {
    assertThat(GoDuration.format(Duration.ofSeconds(252))).isEqualTo("4m12s");
    assertThat(GoDuration.format(Duration.ofSeconds(7500))).isEqualTo("2h5m");
    assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
  }
}
