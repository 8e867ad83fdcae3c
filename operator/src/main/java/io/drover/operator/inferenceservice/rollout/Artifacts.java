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
    // pvc:// and paths are mounted; s3:// is fetched by the model server itself.
    if (uri.startsWith("pvc://") || uri.startsWith("/") || uri.startsWith("s3://")) {
      return Optional.empty();
    }
    return Optional.of(
        "the bundle at %s cannot be served: this release serves bundles from pvc:// volumes,"
                .formatted(uri)
            + " s3:// object storage and absolute paths in the server image");
  }
}
