package io.drover.local.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real kubectl binary against a local API, with its own discovery cache so tests do not
 * share one. Found through {@code DROVER_KUBECTL} or on the PATH.
 */
final class Kubectl {

  /** What one run printed. */
  record Result(int code, String out, String err) {
    /** The output, failing the test with both streams when kubectl failed. */
    String ok() {
      if (code != 0) {
        throw new AssertionError("kubectl failed (" + code + "):\n" + out + "\n" + err);
      }
      return out;
    }
  }

  private final Path binary;
  private final Path kubeconfig;
  private final Path cache;

  Kubectl(Path binary, Path kubeconfig, Path cache) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.cache = cache;
  }

  /** The kubectl of {@code DROVER_KUBECTL}, else the first on the PATH. */
  static Optional<Path> find() {
    return find("DROVER_KUBECTL", "kubectl");
  }

  static Optional<Path> find(String variable, String name) {
    String configured = System.getenv(variable);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    if (name == null) {
      return Optional.empty();
    }
    for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(directory, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  Result run(String... args) {
    return withInput(null, args);
  }

  /** Runs kubectl with {@code input} on stdin, waiting at most a minute. */
  Result withInput(String input, String... args) {
    Process process = start(input, args);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
      }
      return new Result(
          process.exitValue(),
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
          new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Starts kubectl in the background (for {@code wait}, {@code get -w}, {@code logs -f}). */
  Process start(String input, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + cache);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("HOME", cache.toString());
    builder.environment().remove("KUBECONFIG");
    try {
      Process process = builder.start();
      if (input != null) {
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
