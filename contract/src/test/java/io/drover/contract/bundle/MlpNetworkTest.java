package io.drover.contract.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import io.drover.contract.bundle.ModelManifest.Architecture;
import java.util.List;
import org.junit.jupiter.api.Test;

class MlpNetworkTest {

  @Test
  void buildsALinearAndReluPerHiddenLayerThenALinearOutput() {
    Block network = MlpNetwork.build(MlpNetwork.architecture(4, List.of(16, 8), 3));

    List<String> kinds =
        network.getChildren().values().stream()
            .map(child -> child instanceof Linear ? "linear" : "activation")
            .toList();
    assertThat(kinds).containsExactly("linear", "activation", "linear", "activation", "linear");
  }

  @Test
  void weightShapesFollowTheLayerWidths() {
    assertThat(MlpNetwork.weightShapes(MlpNetwork.architecture(4, List.of(16, 8), 3)))
        .containsExactly(new Shape(16, 4), new Shape(8, 16), new Shape(3, 8));
  }

  @Test
  void refusesOtherArchitecturesAndActivations() {
    assertThatThrownBy(
            () -> MlpNetwork.build(new Architecture("cnn", 4, List.of(8), MlpNetwork.RELU, 3)))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("architecture type cnn is not supported");
    assertThatThrownBy(() -> MlpNetwork.build(new Architecture("mlp", 4, List.of(8), "tanh", 3)))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("activation tanh is not supported");
  }
}
