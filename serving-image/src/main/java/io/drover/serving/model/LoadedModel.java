package io.drover.serving.model;

import io.drover.contract.bundle.ModelManifest;
import io.drover.contract.bundle.TrainingBaseline;
import java.nio.file.Path;

/**
 * A bundle ready to serve.
 *
 * @param bundle the directory it was read from
 * @param baseline the training baseline, or {@code null} when the bundle has none (no drift then)
 * @param weightsDigest {@code sha256:<hex>} of the weights file, computed at load
 */
public record LoadedModel(
    Path bundle,
    ModelManifest manifest,
    ModelFormat format,
    TrainingBaseline baseline,
    Classifier classifier,
    String weightsDigest)
    implements AutoCloseable {

  /**
   * A short, stable description of the network the bundle builds, for comparing two versions:
   * {@code mlp 4-16-16-3 relu} (type, layer widths from input to output, activation) for the
   * reference trainer's networks; {@code torchscript model.pt 4-3} (the module file, input and
   * output widths) for TorchScript, whose inside the manifest does not describe.
   */
  public String architecture() {
    ModelManifest.Architecture architecture = manifest.architecture();
    StringBuilder widths = new StringBuilder().append(architecture.inputs());
    return switch (format) {
      case DROVER_MLP -> {
        architecture.hidden().forEach(width -> widths.append('-').append(width));
        widths.append('-').append(architecture.outputs());
        yield architecture.type() + " " + widths + " " + architecture.activation();
      }
      case TORCHSCRIPT ->
          "torchscript "
              + manifest.weights()
              + " "
              + widths.append('-').append(architecture.outputs());
    };
  }

  @Override
  public void close() {
    classifier.close();
  }
}
