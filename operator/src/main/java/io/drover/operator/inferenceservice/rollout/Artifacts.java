package io.drover.operator.inferenceservice.rollout;

import java.util.Optional;

/** Which bundle locations a model-server pod can be given. */
final class Artifacts {

  private Artifacts() {}

  /** Why the bundle at {@code uri} cannot be served, if it cannot. */
  static Optional<String> whyNotServable(String uri) {
    if (uri == null) {
      return Optional.of("the ModelVersion names no artifact location");
    }
    if (uri.startsWith("pvc://") || uri.startsWith("/")) {
      return Optional.empty();
    }
    return Optional.of(
        "the bundle at %s cannot be mounted: this release serves bundles from pvc:// volumes (or"
                .formatted(uri)
            + " absolute paths in the server image) only");
  }
}
