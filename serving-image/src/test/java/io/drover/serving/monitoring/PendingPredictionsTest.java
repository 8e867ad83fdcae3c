package io.drover.serving.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PendingPredictionsTest {

  @Test
  void withoutRemovalsItKeepsExactlyTheNewestRowsThatFit() {
    PendingPredictions pending = new PendingPredictions(10);
    for (int i = 0; i < 20; i++) {
      pending.put("id-" + i, new int[] {i % 3, (i + 1) % 3});
    }
    for (int i = 0; i < 20; i++) {
      int[] held = pending.get("id-" + i);
      if (i < 15) {
        assertThat(held).as("id-%d", i).isNull();
      } else {
        assertThat(held).containsExactly(i % 3, (i + 1) % 3);
      }
    }
    assertThat(pending.liveEntries()).isEqualTo(5);
    assertThat(pending.liveRows()).isEqualTo(10);
  }

  /**
   * Random puts, re-puts and removals against a map: never a wrong answer, never a lost new one.
   */
  @Test
  void neverAnswersWrongUnderRandomUse() {
    Random random = new Random(1);
    PendingPredictions pending = new PendingPredictions(64);
    Map<String, int[]> truth = new HashMap<>();
    for (int step = 0; step < 200_000; step++) {
      String id = "r" + random.nextInt(500);
      switch (random.nextInt(3)) {
        case 0, 1 -> {
          int[] classes = new int[1 + random.nextInt(8)];
          for (int i = 0; i < classes.length; i++) {
            classes[i] = random.nextInt(1000);
          }
          pending.put(id, classes);
          truth.put(id, classes);
          assertThat(pending.get(id)).containsExactly(classes);
        }
        default -> {
          pending.remove(id);
          truth.remove(id);
          assertThat(pending.get(id)).isNull();
        }
      }
      String probe = "r" + random.nextInt(500);
      int[] held = pending.get(probe);
      if (held != null) {
        assertThat(held).containsExactly(truth.get(probe));
      }
      assertThat(pending.liveRows()).isLessThanOrEqualTo(64);
    }
  }

  @Test
  void aPredictionLargerThanTheLedgerIsNotHeld() {
    PendingPredictions pending = new PendingPredictions(4);
    pending.put("big", new int[5]);
    assertThat(pending.get("big")).isNull();
    pending.put("small", new int[] {7});
    assertThat(pending.get("small")).containsExactly(7);
  }

  @Test
  void withFeaturesEachRowKeepsItsValuesAndIsForgottenWithItsPrediction() {
    PendingPredictions pending = new PendingPredictions(4, 2);
    pending.put("a", new int[] {0, 1}, new double[][] {{1, 2}, {3, 4}});
    pending.put("b", new int[] {2}, new double[][] {{5, 6}});
    assertThat(pending.features("a")).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}});
    pending.put("c", new int[] {1, 1}, new double[][] {{7, 8}, {9, 10}});
    assertThat(pending.get("a")).isNull();
    assertThat(pending.features("a")).isNull();
    assertThat(pending.features("b")).isDeepEqualTo(new double[][] {{5, 6}});
    assertThat(pending.features("c")).isDeepEqualTo(new double[][] {{7, 8}, {9, 10}});
    assertThat(new PendingPredictions(4).features("x")).isNull();
  }
}
