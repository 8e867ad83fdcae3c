package io.drover.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

  @Test
  void computesMacroAveragesConfusionMatrixAndLogLoss() {
    float[][] probabilities = {
      {0.9f, 0.1f}, {0.6f, 0.4f}, {0.3f, 0.7f}, {0.2f, 0.8f}, {0.45f, 0.55f},
    };
    int[] actual = {0, 1, 1, 1, 0};

    ClassificationMetrics metrics =
        ClassificationMetrics.of(probabilities, actual, List.of("no", "yes"));

    // Predicted: 0, 0, 1, 1, 1 -> confusion [[1, 1], [1, 2]].
    assertThat(metrics.confusionMatrix()).isEqualTo(new long[][] {{1, 1}, {1, 2}});
    assertThat(metrics.metrics().get("accuracy")).isCloseTo(0.6, within(1e-12));
    // no: precision 1/2, recall 1/2; yes: precision 2/3, recall 2/3.
    assertThat(metrics.metrics().get("precision")).isCloseTo((0.5 + 2.0 / 3) / 2, within(1e-12));
    assertThat(metrics.metrics().get("recall")).isCloseTo((0.5 + 2.0 / 3) / 2, within(1e-12));
    assertThat(metrics.metrics().get("f1")).isCloseTo((0.5 + 2.0 / 3) / 2, within(1e-12));
    double logLoss =
        -(Math.log(0.9) + Math.log(0.4) + Math.log(0.7) + Math.log(0.8) + Math.log(0.45)) / 5;
    assertThat(metrics.metrics().get("logLoss")).isCloseTo(logLoss, within(1e-6));
    assertThat(metrics.classes()).extracting("support").containsExactly(2L, 3L);
  }

  @Test
  void aLabelNeverPredictedScoresZeroNotNaN() {
    float[][] probabilities = {{0.9f, 0.1f}, {0.8f, 0.2f}};

    ClassificationMetrics metrics =
        ClassificationMetrics.of(probabilities, new int[] {0, 1}, List.of("a", "b"));

    assertThat(metrics.classes().get(1).precision()).isZero();
    assertThat(metrics.metrics().values()).allSatisfy(v -> assertThat(v).isFinite());
  }

  @Test
  void aConfidentMistakeGivesALargeFiniteLogLoss() {
    ClassificationMetrics metrics =
        ClassificationMetrics.of(new float[][] {{1f, 0f}}, new int[] {1}, List.of("a", "b"));

    assertThat(metrics.metrics().get("logLoss")).isCloseTo(-Math.log(1e-15), within(1e-9));
  }
}
