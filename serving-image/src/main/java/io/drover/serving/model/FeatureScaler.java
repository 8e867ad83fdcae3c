package io.drover.serving.model;

import io.drover.contract.bundle.ModelManifest.Feature;
import java.util.List;

/**
 * The standardization the trainer fitted, {@code (value - center) / scale} per feature, applied to
 * raw request values. The trainer computes it in double and rounds to float32 last; so does this,
 * so a served row gives the network exactly the input the trainer's evaluation gave it.
 */
public final class FeatureScaler {

  private final double[] centers;
  private final double[] scales;

  private FeatureScaler(double[] centers, double[] scales) {
    this.centers = centers;
    this.scales = scales;
  }

  public static FeatureScaler of(List<Feature> features) {
    return new FeatureScaler(
        features.stream().mapToDouble(Feature::center).toArray(),
        features.stream().mapToDouble(f -> f.scale() == 0 ? 1.0 : f.scale()).toArray());
  }

  public int features() {
    return centers.length;
  }

  public float[][] apply(double[][] rows) {
    float[][] inputs = new float[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      double[] raw = rows[r];
      float[] input = new float[raw.length];
      for (int f = 0; f < raw.length; f++) {
        input[f] = (float) ((raw[f] - centers[f]) / scales[f]);
      }
      inputs[r] = input;
    }
    return inputs;
  }
}
