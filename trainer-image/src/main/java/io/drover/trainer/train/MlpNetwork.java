package io.drover.trainer.train;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.drover.contract.bundle.InvalidBundleException;
import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.bundle.ModelManifest.Architecture;
import java.util.List;

/**
 * Builds the network an {@link Architecture} describes. Training and loading share this, so weights
 * saved by one always fit the block the other builds.
 */
public final class MlpNetwork {

  public static final String RELU = "relu";

  private MlpNetwork() {}

  public static Architecture architecture(int inputs, List<Integer> hidden, int outputs) {
    return new Architecture(ModelBundles.ARCHITECTURE_MLP, inputs, hidden, RELU, outputs);
  }

  /** The untrained block: {@code Linear, ReLU} per hidden layer, then a {@code Linear} output. */
  public static Block build(Architecture architecture) {
    if (!ModelBundles.ARCHITECTURE_MLP.equals(architecture.type())) {
      throw new InvalidBundleException(
          "architecture type %s is not %s, the only one this trainer builds"
              .formatted(architecture.type(), ModelBundles.ARCHITECTURE_MLP));
    }
    if (!RELU.equals(architecture.activation())) {
      throw new InvalidBundleException(
          "activation %s is not supported; this trainer builds %s networks"
              .formatted(architecture.activation(), RELU));
    }
    SequentialBlock network = new SequentialBlock();
    for (int width : architecture.hidden()) {
      network.add(Linear.builder().setUnits(width).build());
      network.add(Activation.reluBlock());
    }
    network.add(Linear.builder().setUnits(architecture.outputs()).build());
    return network;
  }
}
