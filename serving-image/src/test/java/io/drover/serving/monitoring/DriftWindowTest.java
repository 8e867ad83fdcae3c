package io.drover.serving.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.drover.contract.bundle.TrainingBaseline;
import io.drover.contract.bundle.TrainingBaseline.FeatureBaseline;
import io.drover.contract.bundle.TrainingBaseline.Histogram;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftWindowTest {

  /** x uniform over [0, 10) in 10 bins of 10 rows; y not in the baseline. */
  private static final TrainingBaseline BASELINE =
      new TrainingBaseline(
          100,
          List.of(
              new FeatureBaseline(
                  "x",
                  100,
                  5,
                  2.9,
                  0,
                  10,
                  List.of(),
                  new Histogram(
                      List.of(0d, 1d, 2d, 3d, 4d, 5d, 6d, 7d, 8d, 9d, 10d),
                      List.of(10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L)),
                  List.of())),
          Map.of());

  @Test
  void dataLikeTheBaselineHasNoDriftAndShiftedDataHasMuch() {
    DriftWindow window = new DriftWindow(BASELINE, List.of("x", "y"), 100);
    window.record(rows(i -> 0.5 + i % 10));
    DriftWindow.Snapshot same = window.snapshot();
    assertThat(same.rows()).isEqualTo(100);
    assertThat(same.features().get(0).psi()).isCloseTo(0.0, within(1e-12));
    assertThat(same.features().get(0).outlierRate()).isZero();
    assertThat(same.features().get(1).watched()).isFalse();
    assertThat(same.features().get(1).psi()).isNull();

    // The window slides: 100 new rows past the training maximum replace the old ones entirely.
    window.record(rows(i -> 10.5 + i % 3));
    DriftWindow.Snapshot shifted = window.snapshot();
    assertThat(shifted.rows()).isEqualTo(100);
    assertThat(shifted.features().get(0).psi()).isGreaterThan(2);
    assertThat(shifted.features().get(0).outlierRate()).isEqualTo(1.0);
  }

  @Test
  void outliersCountOnlyTheRowsStillInTheWindow() {
    DriftWindow window = new DriftWindow(BASELINE, List.of("x", "y"), 4);
    window.record(new double[][] {{-1, 0}, {11, 0}, {5, 0}, {5, 0}});
    assertThat(window.snapshot().features().get(0).outlierRate()).isEqualTo(0.5);
    window.record(new double[][] {{5, 0}});
    assertThat(window.snapshot().features().get(0).outlierRate()).isEqualTo(0.25);
    // The training extremes themselves are inside, also after a float32 round trip.
    window.record(new double[][] {{0, 0}, {(float) 10.0, 0}, {5, 0}, {5, 0}});
    assertThat(window.snapshot().features().get(0).outlierRate()).isZero();
  }

  @Test
  void withoutABaselineNothingIsWatched() {
    DriftWindow window = new DriftWindow(null, List.of("x"), 10);
    window.record(new double[][] {{1}});
    assertThat(window.snapshot().features().get(0).watched()).isFalse();
    assertThat(window.snapshot().features().get(0).psi()).isNull();
  }

  @Test
  void binningFollowsTheBaselineHistogramsRule() {
    float[] edges = {0, 1, 2, 3};
    assertThat(DriftWindow.binOf(edges, 3, -5)).isZero();
    assertThat(DriftWindow.binOf(edges, 3, 1)).isEqualTo(1);
    assertThat(DriftWindow.binOf(edges, 3, 3)).isEqualTo(2);
    assertThat(DriftWindow.binOf(edges, 3, 99)).isEqualTo(2);
  }

  /** 100 rows: x from the function of the row index, y = 0. */
  private static double[][] rows(java.util.function.IntToDoubleFunction x) {
    double[][] rows = new double[100][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new double[] {x.applyAsDouble(i), 0};
    }
    return rows;
  }
}
