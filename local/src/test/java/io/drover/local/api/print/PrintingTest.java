package io.drover.local.api.print;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrintingTest {

  @Test
  void agesReadAsKubectlPrintsThem() {
    assertThat(Ages.human(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(Ages.human(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(Ages.human(Duration.ofSeconds(200))).isEqualTo("3m20s");
    assertThat(Ages.human(Duration.ofMinutes(45))).isEqualTo("45m");
    assertThat(Ages.human(Duration.ofMinutes(5 * 60 + 12))).isEqualTo("5h12m");
    assertThat(Ages.human(Duration.ofHours(20))).isEqualTo("20h");
    assertThat(Ages.human(Duration.ofHours(76))).isEqualTo("3d4h");
    assertThat(Ages.human(Duration.ofDays(40))).isEqualTo("40d");
    assertThat(Ages.human(Duration.ofDays(800))).isEqualTo("2y70d");
  }

  @Test
  void jsonPathsSelectFieldsIndexesAndFilters() throws Exception {
    JsonNode object =
        new ObjectMapper()
            .readTree(
                "{\"metadata\":{\"labels\":{\"app.kubernetes.io/name\":\"iris\"}},\"status\":{\"conditions\":["
                    + "{\"type\":\"Progressing\",\"status\":\"True\"},{\"type\":\"Ready\",\"status\":\"False\"}],\"n\":[1,2]}}");
    assertThat(
            JsonPathExpression.parse(".status.conditions[?(@.type==\"Ready\")].status")
                .first(object)
                .asText())
        .isEqualTo("False");
    assertThat(JsonPathExpression.parse("{.status.n[1]}").first(object).asInt()).isEqualTo(2);
    assertThat(JsonPathExpression.parse(".status.n[*]").evaluate(object)).hasSize(2);
    assertThat(
            JsonPathExpression.parse(".metadata.labels.app\\.kubernetes\\.io/name")
                .first(object)
                .asText())
        .isEqualTo("iris");
    assertThat(
            JsonPathExpression.parse(".metadata.labels['app.kubernetes.io/name']")
                .first(object)
                .asText())
        .isEqualTo("iris");
    assertThat(JsonPathExpression.parse(".status.missing.deeper").first(object)).isNull();
  }
}
