package io.drover.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A checkout of the Drover repository: where local mode finds the jars it runs (Drover's own
 * images), the CRDs it installs and the demo's data and YAML.
 */
public record Repository(Path root) {

  public Repository {
    root = root.toAbsolutePath().normalize();
  }

  public Path crds() {
    return root.resolve("crds");
  }

  public Path operatorJar() {
    return root.resolve("operator/target/quarkus-app/quarkus-run.jar");
  }

  public Path trainerJar() {
    return root.resolve("trainer-image/target/drover-trainer.jar");
  }

  public Path servingJar() {
    return root.resolve("serving-image/target/quarkus-app/quarkus-run.jar");
  }

  public Path examples() {
    return root.resolve("manifests/examples");
  }

  /**
   * @throws IllegalStateException naming what is missing and the command that builds it
   */
  public void requireBuilt() {
    for (Path jar : List.of(operatorJar(), trainerJar(), servingJar())) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar
                + " is not built: run ./drover (it builds what it needs) or ./mvnw -B -DskipTests"
                + " -pl local,operator,trainer-image,serving-image -am package");
      }
    }
    if (!Files.isDirectory(crds())) {
      throw new IllegalStateException(crds() + " is missing: is " + root + " a Drover checkout?");
    }
  }
}
