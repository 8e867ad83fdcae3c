package io.drover.local.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Values and durations rendered and parsed as kube-apiserver's Go code does. */
class GoValuesTest {
  @Test
  void floatsPrintAsGoPrintsThem() {
    assertThat(GoValues.formatV(100.0)).isEqualTo("100");
    assertThat(GoValues.formatV(0.5)).isEqualTo("0.5");
    assertThat(GoValues.formatV(-2.5)).isEqualTo("-2.5");
    assertThat(GoValues.formatV(123456.0)).isEqualTo("123456");
    assertThat(GoValues.formatV(1e6)).isEqualTo("1e+06");
    assertThat(GoValues.formatV(1234567.0)).isEqualTo("1.234567e+06");
    assertThat(GoValues.formatV(0.0001)).isEqualTo("0.0001");
    assertThat(GoValues.formatV(0.00001)).isEqualTo("1e-05");
  }

  @Test
  void jsonIsGoJson() {
    assertThat(
            GoValues.json(DroverFiles.yaml("{b: 1, a: '<x> & y', c: [1.5, 1e21, 1.0e-7, 1e20]}")))
        .isEqualTo(
            "{\"a\":\"\\u003cx\\u003e \\u0026 y\",\"b\":1,\"c\":[1.5,1e+21,1e-7,100000000000000000000]}");
  }

  @Test
  void stringsAreQuotedAsStrconvQuotes() {
    assertThat(GoValues.quote("a\"b\n")).isEqualTo("\"a\\\"b\\n\"");
    assertThat(GoValues.quote("grüße")).isEqualTo("\"grüße\"");
    assertThat(GoValues.quote("\u0001\u00a0")).isEqualTo("\"\\x01\\u00a0\"");
  }

  @Test
  void durationsParseAsTimeParseDurationAndTheLenientSchemaFormat() {
    assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(GoDuration.parse("-2m")).isEqualTo(Duration.ofMinutes(-2));
    assertThatThrownBy(() -> GoDuration.parse("5 minutes"))
        .hasMessage("time: unknown unit \" minutes\" in duration \"5 minutes\"");
    assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("time: invalid duration \"\"");
    assertThatThrownBy(() -> GoDuration.parse("5"))
        .hasMessage("time: missing unit in duration \"5\"");
    assertThat(GoDuration.parseLenient("5 minutes")).isEqualTo(Duration.ofMinutes(5));
    assertThat(GoDuration.parseLenient("2d")).isEqualTo(Duration.ofDays(2));
    assertThatThrownBy(() -> GoDuration.parseLenient("soon"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
