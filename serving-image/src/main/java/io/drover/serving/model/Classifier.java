package io.drover.serving.model;

import java.util.List;

/** Raw feature rows in, labels and probabilities out: scaling, the network, softmax, arg-max. */
public final class Classifier implements AutoCloseable {

  private final FeatureScaler scaler;
  private final Network network;
  private final List<String> labels;
  private final boolean outputsAreLogits;

  /**
   * @param outputsAreLogits whether the network's outputs need a softmax ({@code kind: logits}, the
   *     reference trainer's) or already are probabilities ({@code kind: probabilities})
   */
  public Classifier(
      FeatureScaler scaler, Network network, List<String> labels, boolean outputsAreLogits) {
    this.scaler = scaler;
    this.network = network;
    this.labels = List.copyOf(labels);
    this.outputsAreLogits = outputsAreLogits;
  }

  public int features() {
    return scaler.features();
  }

  public List<String> labels() {
    return labels;
  }

  /**
   * @param rows {@code rows[row][feature]}: raw, finite values in manifest feature order
   */
  public Prediction predict(double[][] rows) {
    float[][] outputs = network.logits(scaler.apply(rows));
    int[] classes = new int[outputs.length];
    for (int row = 0; row < outputs.length; row++) {
      float[] values = outputs[row];
      if (outputsAreLogits) {
        softmaxInPlace(values);
      }
      int best = 0;
      for (int label = 1; label < values.length; label++) {
        if (values[label] > values[best]) {
          best = label;
        }
      }
      classes[row] = best;
    }
    return new Prediction(classes, outputs);
  }

  /** Subtracting the maximum keeps {@code exp} finite for any logits, as PyTorch's softmax does. */
  static void softmaxInPlace(float[] logits) {
    float max = Float.NEGATIVE_INFINITY;
    for (float value : logits) {
      max = Math.max(max, value);
    }
    double sum = 0;
    double[] exps = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      exps[i] = Math.exp(logits[i] - max);
      sum += exps[i];
    }
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (exps[i] / sum);
    }
  }

  @Override
  public void close() {
    network.close();
  }
}
