package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository's committed CRDs and examples, and YAML written inline by tests. */
final class DroverFiles {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path ROOT = repositoryRoot();

  private DroverFiles() {}

  static CrdAdmission admission(String crd) {
    return new CrdAdmission(read(ROOT.resolve("crds").resolve(crd + ".yaml")));
  }

  static List<Path> examples() {
    try (Stream<Path> files = Files.list(ROOT.resolve("manifests/examples"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode read(Path file) {
    try {
      return (ObjectNode) YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode yaml(String text) {
    try {
      JsonNode node = YAML.readTree(text);
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("crds"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no crds/ directory above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
