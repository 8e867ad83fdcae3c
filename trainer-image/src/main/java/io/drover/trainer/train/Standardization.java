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
        mean += dataset.features()[row][f];
      }
      mean /= trainRows.length;
      double squares = 0;
      for (int row : trainRows) {
        double d = dataset.features()[row][f] - mean;
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

  /** The network's input for the given rows, as float32 like the weights. */
  public float[][] apply(LabeledDataset dataset, int[] rows) {
    float[][] inputs = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      double[] raw = dataset.features()[rows[i]];
      float[] input = new float[raw.length];
      for (int f = 0; f < raw.length; f++) {
        input[f] = (float) ((raw[f] - centers[f]) / scales[f]);
      }
      inputs[i] = input;
    }
    return inputs;
  }
}
