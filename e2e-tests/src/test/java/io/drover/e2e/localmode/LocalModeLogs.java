package io.drover.e2e.localmode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The end of every log under a local-mode home, for a failing test to show: local mode's own
 * ({@code local.log}), the operator's ({@code logs/drover-system/drover-operator.log}) and each
 * container's ({@code logs/<namespace>/<pod>/<container>.log}).
 */
final class LocalModeLogs {
  private LocalModeLogs() {}

  static String tails(Path home, int lines) {
    List<Path> logs = new ArrayList<>();
    if (Files.isRegularFile(home.resolve("local.log"))) {
      logs.add(home.resolve("local.log"));
    }
    Path dir = home.resolve("logs");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.filter(f -> f.toString().endsWith(".log")).sorted().forEach(logs::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (logs.isEmpty()) {
      return "(no logs under " + home + ")";
    }
    StringBuilder out = new StringBuilder();
    for (Path log : logs) {
      out.append("==> ").append(home.relativize(log)).append(" (last ").append(lines);
      out.append(" lines) <==\n").append(tail(log, lines)).append('\n');
    }
    return out.toString();
  }

  private static String tail(Path log, int lines) {
    try {
      // a crashed JVM may leave bytes that are not UTF-8: show them replaced, not nothing
      List<String> all =
          new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
