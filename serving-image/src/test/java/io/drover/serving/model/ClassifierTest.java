package io.drover.serving.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassifierTest {

  @Test
  void softmaxIsStableForLargeLogits() {
    float[] logits = {1000f, 1001f, 999f};
    Classifier.softmaxInPlace(logits);
    double e = Math.exp(1);
    double sum = 1 + e + 1 / e;
    assertThat((double) logits[0]).isCloseTo(1 / sum, within(1e-6));
    assertThat((double) logits[1]).isCloseTo(e / sum, within(1e-6));
    assertThat((double) logits[2]).isCloseTo(1 / e / sum, within(1e-6));
  }
}
