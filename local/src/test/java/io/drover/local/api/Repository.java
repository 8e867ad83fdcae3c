package io.drover.local.api;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository the tests use: the committed CRDs and the examples. */
final class Repository {

  private Repository() {}

  static Path root() {
    Path directory = Path.of("").toAbsolutePath();
    while (directory != null && !Files.isDirectory(directory.resolve("crds"))) {
      directory = directory.getParent();
    }
    if (directory == null) {
      throw new IllegalStateException("no crds/ directory above " + Path.of("").toAbsolutePath());
    }
    return directory;
  }

  static Path crds() {
    return root().resolve("crds");
  }

  static Path examples() {
    return root().resolve("manifests").resolve("examples");
  }
}
