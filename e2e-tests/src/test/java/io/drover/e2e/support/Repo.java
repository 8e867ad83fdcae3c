package io.drover.e2e.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository's files; the module's tests run with e2e-tests/ as working directory. */
public final class Repo {
  public static final Path ROOT = findRoot();
  public static final Path CRDS = ROOT.resolve("crds");
  public static final Path CHART = ROOT.resolve("helm/drover");
  public static final Path MANIFESTS = ROOT.resolve("manifests");
  public static final Path GENERATED_OPERATOR_MANIFEST =
      ROOT.resolve("operator/target/kubernetes/kubernetes.yml");

  private Repo() {}

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("crds")) && Files.isDirectory(p.resolve("helm/drover"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no repository root (with crds/ and helm/drover/) above " + dir);
  }
}
