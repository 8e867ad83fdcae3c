package io.drover.serving.model;

/**
 * A loaded network: standardized float32 rows in, one logit per label out. Implementations are safe
 * to call from many threads at once (inference only reads the weights).
 */
public interface Network extends AutoCloseable {

  /**
   * @param inputs {@code inputs[row][feature]}, already scaled
   * @return {@code logits[row][label]}
   */
  float[][] logits(float[][] inputs);

  @Override
  void close();
}
