package io.drover.operator.inferenceservice;

import io.drover.operator.api.common.ObjectStorage;
import io.drover.operator.api.modelversion.Artifact.ModelFormat;
import io.drover.operator.api.modelversion.ModelVersion;
import java.util.Map;

/**
 * The registered version an InferenceService's model reference resolves to: what a variant needs to
 * serve it and to judge it.
 *
 * @param modelVersion the ModelVersion's name
 * @param accuracy the test-split accuracy the registry recorded, null if none
 * @param storageSecret the Secret the version's spec.storage names, null if none
 */
public record ServedVersion(
    String modelVersion,
    int version,
    String artifact,
    String digest,
    ModelFormat format,
    Double accuracy,
    String storageSecret) {

  public ServedVersion(
      String modelVersion,
      int version,
      String artifact,
      String digest,
      ModelFormat format,
      Double accuracy) {
    this(modelVersion, version, artifact, digest, format, accuracy, null);
  }

  static ServedVersion of(ModelVersion version) {
    var spec = version.getSpec();
    Map<String, Double> metrics = spec.metrics() == null ? Map.of() : spec.metrics();
    return new ServedVersion(
        version.getMetadata().getName(),
        spec.version(),
        spec.artifact().uri(),
        spec.artifact().digest(),
        spec.artifact().format(),
        metrics.get("accuracy"),
        ObjectStorage.secretOf(spec.storage()));
  }
}
