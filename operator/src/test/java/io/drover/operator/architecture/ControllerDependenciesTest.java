package io.drover.operator.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Controllers meet through API objects or a shared package below them (registry, kubernetes,
 * status, …), never through each other's internals; the shared packages depend on no controller.
 * Read from the sources, so a new import that breaks the rule fails here.
 */
class ControllerDependenciesTest {

  static final Path SOURCES = Path.of("src/main/java/io/drover/operator");
  static final List<String> CONTROLLERS =
      List.of("trainingrun", "modelversion", "inferenceservice");
  static final List<String> SHARED =
      List.of("registry", "kubernetes", "status", "events", "metrics", "notifications", "schedule");

  @Test
  void noControllerImportsAnother() throws IOException {
    List<String> violations = new ArrayList<>();
    for (String controller : CONTROLLERS) {
      for (String other : CONTROLLERS) {
        if (!other.equals(controller)) {
          violations.addAll(imports(controller, other));
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void sharedPackagesDependOnNoController() throws IOException {
    List<String> violations = new ArrayList<>();
    for (String shared : SHARED) {
      for (String controller : CONTROLLERS) {
        violations.addAll(imports(shared, controller));
      }
    }
    assertThat(violations).isEmpty();
  }

  /** Lines of {@code from}'s sources that import (or name) package {@code to}. */
  private static List<String> imports(String from, String to) throws IOException {
    Path dir = SOURCES.resolve(from);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    String target = "io.drover.operator." + to + ".";
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(file)) {
          if (line.contains(target)) {
            found.add(SOURCES.relativize(file) + ": " + line.strip());
          }
        }
      }
    }
    return found;
  }
}
