package io.drover.local.runner.kubelet;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container processes a previous runner left running (it was killed before it could stop them):
 * each started process has a pid file; one still alive whose command line names a hosts file of
 * this home is one of ours, and is stopped before the new runner takes over.
 */
final class OrphanProcesses {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanProcesses.class);

  private OrphanProcesses() {}

  static void stop(Path pidDir, Path home) {
    String marker = "-Djdk.net.hosts.file=" + home + "/";
    List<ProcessHandle> stopped = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(pidDir)) {
      for (Path file : files) {
        long pid;
        try {
          pid = Long.parseLong(file.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent()
            && process.get().info().commandLine().map(c -> c.contains(marker)).orElse(false)) {
          LOG.info("stopping process {} left by an earlier runner", pid);
          process.get().destroy();
          stopped.add(process.get());
        }
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      LOG.warn(
          "cannot look for processes left by an earlier runner in {}: {}", pidDir, e.toString());
    }
    for (ProcessHandle process : stopped) {
      try {
        process.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
      }
    }
  }
}
