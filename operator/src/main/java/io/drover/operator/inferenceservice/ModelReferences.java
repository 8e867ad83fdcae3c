package io.drover.operator.inferenceservice;

import io.drover.operator.api.common.Stage;
import io.drover.operator.api.inferenceservice.ModelReference;
import io.drover.operator.api.modelversion.ModelVersion;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves an InferenceService's model reference against the registry's ModelVersion objects: a
 * pinned version, or whichever version is in the tracked stage (the highest, should a stage hold
 * several for a moment while the registry moves Production).
 */
public final class ModelReferences {

  private ModelReferences() {}

  public static Optional<ServedVersion> resolve(
      ModelReference reference, Collection<ModelVersion> versions) {
    return versions.stream()
        .filter(v -> v.getSpec() != null && reference.name().equals(v.getSpec().model()))
        .filter(v -> v.getMetadata().getDeletionTimestamp() == null)
        .filter(v -> matches(reference, v))
        .max(Comparator.comparing(v -> v.getSpec().version()))
        .map(ServedVersion::of);
  }

  private static boolean matches(ModelReference reference, ModelVersion version) {
    if (reference.version() != null) {
      return Objects.equals(reference.version(), version.getSpec().version());
    }
    Stage stage = version.getStatus() == null ? null : version.getStatus().stage();
    return stage != null && stage.name().equals(reference.stage().name());
  }

  /** What a person reads when the reference resolves to nothing. */
  public static String describe(ModelReference reference) {
    return reference.version() != null
        ? "version %d of model %s".formatted(reference.version(), reference.name())
        : "a %s version of model %s".formatted(reference.stage(), reference.name());
  }
}
