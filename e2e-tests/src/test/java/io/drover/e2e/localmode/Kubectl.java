package io.drover.e2e.localmode;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The real kubectl binary, run against the API server its {@code KUBECONFIG} names. */
final class Kubectl {
  /** Longer than any {@code --timeout} the tests give kubectl itself. */
  private static final Duration WITHIN = Duration.ofMinutes(6);

  private final Path binary;
  private final Map<String, String> env;
  private final Path workDir;

  /**
   * @param cacheDir where kubectl caches discovery, instead of the user's ~/.kube/cache
   */
  Kubectl(Path binary, Path kubeconfig, Path cacheDir, Path workDir) {
    this.binary = binary;
    this.env = Map.of("KUBECONFIG", kubeconfig.toString(), "KUBECACHEDIR", cacheDir.toString());
    this.workDir = workDir;
  }

  /**
   * The binary named by {@code DROVER_KUBECTL}, else the first {@code kubectl} on the PATH.
   *
   * @throws IllegalStateException if {@code DROVER_KUBECTL} names no executable file
   */
  static Optional<Path> find() {
    String configured = System.getenv("DROVER_KUBECTL");
    if (configured != null && !configured.isBlank()) {
      Path binary = Path.of(configured);
      if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
        throw new IllegalStateException(
            "DROVER_KUBECTL=" + configured + " is not an executable file: point it at kubectl");
      }
      return Optional.of(binary);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  CommandLine.Result run(String... args) {
    return CommandLine.run(command(args), workDir, env, null, WITHIN);
  }

  /** {@code kubectl apply -f -} with {@code yaml} on its standard input. */
  CommandLine.Result apply(String yaml) {
    return CommandLine.run(command("apply", "-f", "-"), workDir, env, yaml, WITHIN);
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    return command;
  }
}
