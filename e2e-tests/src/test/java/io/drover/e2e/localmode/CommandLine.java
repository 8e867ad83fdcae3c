package io.drover.e2e.localmode;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs a program as a separate process, as a user's shell would, and returns its exit code and
 * output. A program still running at its deadline is stopped with every process it started, and the
 * test fails showing what it printed.
 */
final class CommandLine {
  private static final Duration GRACE = Duration.ofSeconds(30);

  /** A finished command: what ran, its exit code and its output (stdout and stderr together). */
  record Result(List<String> command, int exitCode, String output) {
    List<String> lines() {
      return output.lines().toList();
    }

    String lastLine() {
      List<String> lines = lines();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** For assertion messages: the command line, its exit code and its output. */
    String describe() {
      return "$ %s%n(exit %d)%n%s".formatted(String.join(" ", command), exitCode, output);
    }
  }

  private CommandLine() {}

  /**
   * @param stdin what the program reads, or null for nothing (/dev/null)
   * @throws AssertionError if the program runs past {@code within}
   */
  static Result run(
      List<String> command, Path workDir, Map<String, String> env, String stdin, Duration within) {
    Path output = null;
    try {
      output = Files.createTempFile("drover-e2e-command", ".out");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      if (stdin == null) {
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      }
      builder.environment().putAll(env);
      Process process = builder.start();
      if (stdin != null) {
        try (OutputStream in = process.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        stopTree(process.toHandle());
        throw new AssertionError(
            "%s did not finish within %s and was stopped; its output:%n%s"
                .formatted(String.join(" ", command), within, Files.readString(output)));
      }
      return new Result(List.copyOf(command), process.exitValue(), Files.readString(output));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }

  /**
   * Stops a process and everything it started: SIGTERM first (local mode's shutdown hooks stop its
   * pods), SIGKILL for what is still there after a grace period.
   */
  static void stopTree(ProcessHandle root) {
    List<ProcessHandle> tree = Stream.concat(root.descendants(), Stream.of(root)).toList();
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (ProcessHandle process : tree) {
      try {
        process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        tree.forEach(ProcessHandle::destroyForcibly);
        return;
      }
    }
  }
}
