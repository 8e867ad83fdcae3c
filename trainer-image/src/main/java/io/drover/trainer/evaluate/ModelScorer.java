package io.drover.trainer.evaluate;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
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
   * @param inputs standardized rows
   * @return {@code probabilities[row][label]}
   */
  public static float[][] probabilities(Model model, float[][] inputs) {
    float[][] probabilities = new float[inputs.length][];
    for (int start = 0; start < inputs.length; start += CHUNK_ROWS) {
      int end = Math.min(start + CHUNK_ROWS, inputs.length);
      float[][] chunk = Arrays.copyOfRange(inputs, start, end);
      try (NDManager manager = model.getNDManager().newSubManager()) {
        ParameterStore parameters = new ParameterStore(manager, false);
        NDArray logits =
            model
                .getBlock()
                .forward(parameters, new NDList(manager.create(chunk)), false)
                .singletonOrThrow();
        NDArray softmax = logits.softmax(1);
        int labels = (int) softmax.getShape().get(1);
        float[] flat = softmax.toFloatArray();
        for (int row = 0; row < end - start; row++) {
          probabilities[start + row] = Arrays.copyOfRange(flat, row * labels, (row + 1) * labels);
        }
      }
    }
    return probabilities;
  }
}
