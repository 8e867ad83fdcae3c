package io.drover.trainer.train;

import io.drover.contract.bundle.ModelManifest.Feature;
import io.drover.trainer.data.LabeledDataset;
import java.util.List;

/**
 * Per-feature centering and scaling, fitted on the training rows only so that nothing of the
 * validation or test rows leaks into the model. The manifest carries it; the server applies it.
 */
public record Standardization(double[] centers, double[] scales) {

  public static Standardization fit(LabeledDataset dataset, int[] trainRows) {
    int features = dataset.featureCount();
    double[] centers = new double[features];
    double[] scales = new double[features];
    for (int f = 0; f < features; f++) {
      double mean = 0;
      for (int row : trainRows) {
        mean += dataset.value(row, f);
      }
      mean /= trainRows.length;
      double squares = 0;
      for (int row : trainRows) {
        double d = dataset.value(row, f) - mean;
        squares += d * d;
      }
      double std = Math.sqrt(squares / trainRows.length);
      centers[f] = mean;
      // A constant feature carries no information; scale 1 keeps it at zero instead of NaN.
      scales[f] = std > 1e-12 ? std : 1.0;
    }
    return new Standardization(centers, scales);
  }

  public static Standardization of(List<Feature> features) {
    return new Standardization(
        features.stream().mapToDouble(Feature::center).toArray(),
        features.stream().mapToDouble(Feature::scale).toArray());
  }

  /**
   * The network's input for the given rows, as float32 like the weights, row-major in one array
   * ({@code rows.length × features}): no per-row arrays on large data sets.
   */
  public float[] apply(LabeledDataset dataset, int[] rows) {
    return apply(dataset, rows, 0, rows.length);
  }

  /** The input for {@code rows[from]} to {@code rows[to - 1]}, row-major. */
  public float[] apply(LabeledDataset dataset, int[] rows, int from, int to) {
    int features = centers.length;
    float[] inputs = new float[(to - from) * features];
    double[] raw = new double[features];
    for (int i = from; i < to; i++) {
      dataset.features().copyRow(rows[i], raw, 0);
      int offset = (i - from) * features;
      for (int f = 0; f < features; f++) {
        inputs[offset + f] = (float) ((raw[f] - centers[f]) / scales[f]);
      }
    }
    return inputs;
  }
}
