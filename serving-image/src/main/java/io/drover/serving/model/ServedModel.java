package io.drover.serving.model;

import io.drover.serving.monitoring.ModelMonitor;
import io.drover.serving.protocol.InputSpec;

/**
 * The model this server answers for, once loaded and warmed up.
 *
 * @param name the name it is served under
 * @param version its version, from the manifest
 */
public record ServedModel(
    String name, String version, LoadedModel model, InputSpec input, ModelMonitor monitor) {

  public Classifier classifier() {
    return model.classifier();
  }

  /** Whether a request path's model name (and version, when given) address this model. */
  public boolean answersTo(String requestedName, String requestedVersion) {
    return name.equals(requestedName)
        && (requestedVersion == null || requestedVersion.equals(version));
  }
}
