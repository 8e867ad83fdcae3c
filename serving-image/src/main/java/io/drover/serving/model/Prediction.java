package io.drover.serving.model;

/**
 * The model's answer for a batch.
 *
 * @param classes index of the most probable label, per row
 * @param probabilities {@code probabilities[row][label]}, each row summing to 1
 */
public record Prediction(int[] classes, float[][] probabilities) {
  public int rows() {
    return classes.length;
  }
}
