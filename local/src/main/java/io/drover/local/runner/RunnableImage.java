package io.drover.local.runner;

import java.nio.file.Path;
import java.util.List;

/**
 * An image the runner can run: a container whose image is {@code repository} (any tag or digest)
 * runs as {@code java [jvmArgs] -jar jar [args]}, the entry point the image itself has.
 *
 * @param repository image repository without tag, e.g. {@code ghcr.io/drover-dev/drover-trainer}
 * @param jar the application jar the image runs
 * @param jvmArgs JVM options placed before {@code -jar}
 * @param quarkus whether the jar is a Quarkus application: it then gets {@code QUARKUS_HTTP_HOST}
 *     (the pod's address) and {@code QUARKUS_HTTP_PORT} (its first container port, else 8080)
 */
public record RunnableImage(String repository, Path jar, List<String> jvmArgs, boolean quarkus) {

  public RunnableImage {
    if (repository == null || repository.isBlank()) {
      throw new IllegalArgumentException(
          "RunnableImage.repository is required: name the image repository, e.g."
              + " ghcr.io/drover-dev/drover-trainer");
    }
    if (ImageReference.hasTagOrDigest(repository)) {
      throw new IllegalArgumentException(
          "RunnableImage.repository \""
              + repository
              + "\" carries a tag or digest: give the repository only (tags are ignored when"
              + " matching)");
    }
    if (jar == null) {
      throw new IllegalArgumentException(
          "RunnableImage.jar is required for " + repository + ": the jar the image runs");
    }
    jvmArgs = jvmArgs == null ? List.of() : List.copyOf(jvmArgs);
  }

  /**
   * Drover's own images as built in a checkout of the repository at {@code root}: the trainer, the
   * serving image (model server and router) and the operator.
   */
  public static List<RunnableImage> drover(Path root) {
    return List.of(
        new RunnableImage(
            "ghcr.io/drover-dev/drover-trainer",
            root.resolve("trainer-image/target/drover-trainer.jar"),
            List.of(),
            false),
        new RunnableImage(
            "ghcr.io/drover-dev/drover-serving",
            root.resolve("serving-image/target/quarkus-app/quarkus-run.jar"),
            List.of(),
            true),
        new RunnableImage(
            "ghcr.io/drover-dev/drover-operator",
            root.resolve("operator/target/quarkus-app/quarkus-run.jar"),
            List.of(),
            true));
  }

  /** Whether a container's {@code image} is this one, whatever its tag or digest. */
  public boolean runs(String image) {
    return image != null && repository.equals(ImageReference.repositoryOf(image));
  }
}
