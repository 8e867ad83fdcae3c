package io.drover.serving.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Arrays;

/**
 * A DJL model run forward directly through its block, with a short-lived sub-manager per call so
 * every native tensor of a request is freed when it returns. DJL's {@code Predictor} is not
 * thread-safe; the block's forward pass in inference mode is, so one instance serves all threads.
 */
final class DjlNetwork implements Network {

  private final Model model;
  private final int outputs;

  DjlNetwork(Model model, int outputs) {
    this.model = model;
    this.outputs = outputs;
  }

  @Override
  public float[][] logits(float[][] inputs) {
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray result =
          model
              .getBlock()
              .forward(
                  new ParameterStore(manager, false), new NDList(manager.create(inputs)), false)
              .singletonOrThrow();
      long[] shape = result.getShape().getShape();
      if (shape.length != 2 || shape[0] != inputs.length || shape[1] != outputs) {
        throw new IllegalStateException(
            "the network answered shape %s for %d rows; the manifest promises %d outputs"
                .formatted(Arrays.toString(shape), inputs.length, outputs));
      }
      float[] flat = result.toFloatArray();
      float[][] logits = new float[inputs.length][];
      for (int row = 0; row < inputs.length; row++) {
        logits[row] = Arrays.copyOfRange(flat, row * outputs, (row + 1) * outputs);
      }
      return logits;
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
