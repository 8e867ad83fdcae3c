package io.drover.serving.model;

import io.drover.contract.bundle.ModelManifest;
import io.drover.contract.bundle.TrainingBaseline;
import java.nio.file.Path;

/**
 * A bundle ready to serve.
 *
 * @param bundle the directory it was read from
 * @param baseline the training baseline, or {@code null} when the bundle has none (no drift then)
 */
public record LoadedModel(
    Path bundle,
    ModelManifest manifest,
    ModelFormat format,
    TrainingBaseline baseline,
    Classifier classifier)
    implements AutoCloseable {

  @Override
  public void close() {
    classifier.close();
  }
}
