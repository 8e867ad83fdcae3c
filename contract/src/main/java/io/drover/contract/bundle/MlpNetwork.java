package io.drover.contract.bundle;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.drover.contract.bundle.ModelManifest.Architecture;
import java.util.ArrayList;
import java.util.List;

/**
 * The network of the {@value ModelBundles#FORMAT_MLP} format, built from a manifest's {@link
 * Architecture}: {@code Linear → ReLU} per hidden layer, then a {@code Linear} output of one logit
 * per label. The trainer builds it to train, the model server to load the weights; one definition,
 * so saved weights always fit the block the other side builds.
 *
 * <p>The only class in this module that uses DJL (its API, no engine), which is therefore an
 * optional dependency: callers of this class declare {@code ai.djl:api} themselves.
 */
public final class MlpNetwork {

  /** The one activation this format uses. */
  public static final String RELU = "relu";

  private MlpNetwork() {}

  /** The architecture a trainer writes into the manifest. */
  public static Architecture architecture(int inputs, List<Integer> hidden, int outputs) {
    return new Architecture(ModelBundles.ARCHITECTURE_MLP, inputs, hidden, RELU, outputs);
  }

  /**
   * The untrained block.
   *
   * @throws InvalidBundleException when the architecture is not an MLP with ReLU activations
   */
  public static Block build(Architecture architecture) {
    if (!ModelBundles.ARCHITECTURE_MLP.equals(architecture.type())) {
      throw new InvalidBundleException(
          "architecture type %s is not supported; %s bundles use %s"
              .formatted(
                  architecture.type(), ModelBundles.FORMAT_MLP, ModelBundles.ARCHITECTURE_MLP));
    }
    if (!RELU.equals(architecture.activation())) {
      throw new InvalidBundleException(
          "activation %s is not supported; %s networks use %s"
              .formatted(architecture.activation(), ModelBundles.FORMAT_MLP, RELU));
    }
    SequentialBlock network = new SequentialBlock();
    for (int width : architecture.hidden()) {
      network.add(Linear.builder().setUnits(width).build());
      network.add(Activation.reluBlock());
    }
    network.add(Linear.builder().setUnits(architecture.outputs()).build());
    return network;
  }

  /**
   * The weight shape of each linear layer, in order: {@code (outputs, inputs)} as DJL stores it.
   * DJL takes a parameter's shape from the weights file, not from the block, so a loader compares
   * these with what it loaded.
   */
  public static List<Shape> weightShapes(Architecture architecture) {
    List<Shape> shapes = new ArrayList<>();
    long inputs = architecture.inputs();
    List<Integer> widths = new ArrayList<>(architecture.hidden());
    widths.add(architecture.outputs());
    for (int width : widths) {
      shapes.add(new Shape(width, inputs));
      inputs = width;
    }
    return shapes;
  }
}
