package io.drover.serving.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ShadowComparatorTest {

  private final ShadowComparator comparator = new ShadowComparator(1e-3);

  private boolean agree(String a, String b) {
    return comparator.agree(Buffer.buffer(a), Buffer.buffer(b));
  }

  private static String v2(String labels, String probabilities) {
    return """
        {"model_name":"iris","model_version":"1","id":"x","outputs":[
          {"name":"label","datatype":"BYTES","shape":[2],"data":[%s]},
          {"name":"probabilities","datatype":"FP32","shape":[2,2],"data":[%s]}]}"""
        .formatted(labels, probabilities);
  }

  @Test
  void theSameLabelsAgreeWhateverTheProbabilities() {
    assertThat(agree(v2("\"a\",\"b\"", "0.9,0.1,0.2,0.8"), v2("\"a\",\"b\"", "0.6,0.4,0.4,0.6")))
        .isTrue();
    assertThat(agree(v2("\"a\",\"b\"", "0.9,0.1,0.2,0.8"), v2("\"a\",\"a\"", "0.9,0.1,0.2,0.8")))
        .isFalse();
  }

  @Test
  void theLabelOutputIsFoundWhereverItsFieldsAre() {
    String reordered =
        "{\"outputs\":[{\"data\":[0.5],\"name\":\"score\"},"
            + "{\"shape\":[1],\"data\":[\"a\"],\"datatype\":\"BYTES\",\"name\":\"label\"}],\"id\":\"y\"}";
    assertThat(agree(reordered, v2("\"a\"", "1,0"))).isTrue();
    assertThat(agree(reordered, v2("\"b\"", "1,0"))).isFalse();
  }

  @Test
  void v1PredictionsAreComparedAsLabels() {
    assertThat(agree("{\"predictions\":[\"a\",\"b\"]}", "{\"predictions\":[\"a\",\"b\"]}"))
        .isTrue();
    assertThat(agree("{\"predictions\":[\"a\",\"b\"]}", "{\"predictions\":[\"a\",\"c\"]}"))
        .isFalse();
  }

  @Test
  void answersWithoutLabelsAgreeWhenEveryNumberIsWithinTheTolerance() {
    assertThat(agree("{\"predictions\":[1.0,2.0]}", "{\"predictions\":[1.0004,2.0]}")).isTrue();
    assertThat(agree("{\"predictions\":[1.0,2.0]}", "{\"predictions\":[1.01,2.0]}")).isFalse();
    String scores = "{\"outputs\":[{\"name\":\"score\",\"data\":[0.5,0.25]}]}";
    assertThat(agree(scores, scores.replace("0.25", "0.2504"))).isTrue();
    assertThat(agree(scores, scores.replace("0.25", "0.3"))).isFalse();
  }

  @Test
  void whatCannotBeComparedDisagrees() {
    String good = v2("\"a\"", "1,0");
    assertThat(agree(good, "")).isFalse();
    assertThat(agree(good, "not json")).isFalse();
    assertThat(agree(good, good.substring(0, good.length() - 5))).isFalse();
    assertThat(agree(good, "[\"a\"]")).isFalse();
    assertThat(agree(good, "{\"error\":\"model failed\"}")).isFalse();
  }
}
