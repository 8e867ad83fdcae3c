package io.drover.serving.protocol;

import java.util.List;

/**
 * What a model's infer request must carry.
 *
 * @param tensorName the name of the single {@code [batch, features]} input tensor
 * @param features feature names in model order; also the tensor names of the columnar form
 * @param maxRows the most rows one request may carry
 */
public record InputSpec(String tensorName, List<String> features, int maxRows) {

  public static final String DEFAULT_TENSOR = "input-0";

  public InputSpec {
    features = List.copyOf(features);
  }

  public int width() {
    return features.size();
  }
}
