package io.drover.trainer.evaluate;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.drover.trainer.data.LabeledDataset;
import io.drover.trainer.train.Standardization;
import java.util.Arrays;

/**
 * Runs a trained network forward to class probabilities. Training's test evaluation and evaluate
 * mode both go through here, which is what makes evaluate mode reproduce the trainer's metrics.
 */
public final class ModelScorer {

  /** Rows per forward pass: bounds memory on large data sets. */
  static final int CHUNK_ROWS = 4096;

  private ModelScorer() {}

  /**
   * Probabilities for the given rows of a data set, standardized a chunk at a time so that only one
   * chunk of network input exists at once.
   *
   * @return {@code probabilities[i][label]} for {@code rows[i]}
   */
  public static float[][] probabilities(
      Model model, Standardization standardization, LabeledDataset data, int[] rows) {
    float[][] probabilities = new float[rows.length][];
    int features = data.featureCount();
    for (int start = 0; start < rows.length; start += CHUNK_ROWS) {
      int end = Math.min(start + CHUNK_ROWS, rows.length);
      float[] chunk = standardization.apply(data, rows, start, end);
      forward(model, chunk, new Shape(end - start, features), probabilities, start);
    }
    return probabilities;
  }

  /**
   * @param inputs standardized rows
   * @return {@code probabilities[row][label]}
   */
  public static float[][] probabilities(Model model, float[][] inputs) {
    float[][] probabilities = new float[inputs.length][];
    for (int start = 0; start < inputs.length; start += CHUNK_ROWS) {
      int end = Math.min(start + CHUNK_ROWS, inputs.length);
      int features = inputs[start].length;
      float[] chunk = new float[(end - start) * features];
      for (int row = start; row < end; row++) {
        System.arraycopy(inputs[row], 0, chunk, (row - start) * features, features);
      }
      forward(model, chunk, new Shape(end - start, features), probabilities, start);
    }
    return probabilities;
  }

  private static void forward(
      Model model, float[] chunk, Shape shape, float[][] probabilities, int start) {
    try (NDManager manager = model.getNDManager().newSubManager()) {
      ParameterStore parameters = new ParameterStore(manager, false);
      NDArray logits =
          model
              .getBlock()
              .forward(parameters, new NDList(manager.create(chunk, shape)), false)
              .singletonOrThrow();
      NDArray softmax = logits.softmax(1);
      int labels = (int) softmax.getShape().get(1);
      float[] flat = softmax.toFloatArray();
      for (int row = 0; row < shape.get(0); row++) {
        probabilities[start + row] = Arrays.copyOfRange(flat, row * labels, (row + 1) * labels);
      }
    }
  }
}
