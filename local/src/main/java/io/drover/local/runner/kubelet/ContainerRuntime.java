package io.drover.local.runner.kubelet;

import io.drover.local.runner.RunnableImage;
import io.drover.local.runner.control.Timestamps;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One container of a pod: its process while it runs, and what the kubelet reports about it —
 * waiting (with a reason), running, or terminated; the previous termination; the restart count and
 * back-off; the verdicts of its probes. Mutated only on the kubelet's thread, except the probe
 * verdicts and the kill, which probes may trigger.
 */
final class ContainerRuntime {

  static final int MESSAGE_LIMIT = 4096;
  static final int LOG_FALLBACK_BYTES = 2048;
  static final int LOG_FALLBACK_LINES = 80;

  final Container spec;

  /** The image's jar, or null when the image is not one the runner can run. */
  final RunnableImage image;

  final Path dir;
  final Path logFile;

  String waitingReason = "ContainerCreating";
  String waitingMessage;
  Process process;
  Instant startedAt;
  String containerId;
  MountTable mounts = MountTable.none();
  Path terminationLog;
  ContainerStateTerminated lastTermination;

  /** The current termination, while the container is not (yet) restarted. */
  ContainerStateTerminated termination;

  /** Terminated for good: the restart policy (or the pod's end) says it does not start again. */
  boolean finished;

  int restartCount;

  /** When a crashed container restarts; null when it is not waiting to. */
  Instant restartAt;

  /** The restart back-off delay, and when it was last advanced. */
  Duration backoff;

  Instant backoffSince;
  final List<ProbeWorker> probes = new ArrayList<>();
  volatile boolean started;
  volatile boolean ready;

  /** Why the kubelet killed the process (a failed liveness probe), or null. */
  volatile String killedBecause;

  ContainerRuntime(Container spec, RunnableImage image, Path dir, Path logFile) {
    this.spec = spec;
    this.image = image;
    this.dir = dir;
    this.logFile = logFile;
  }

  String name() {
    return spec.getName();
  }

  boolean running() {
    return process != null;
  }

  boolean exited() {
    return process != null && !process.isAlive();
  }

  /** Starts the process; the previous run's log is kept as {@code <container>.previous.log}. */
  void start(ContainerLaunch launch, Path pidDir) throws IOException {
    Files.createDirectories(logFile.getParent());
    Files.createDirectories(launch.workingDir());
    if (Files.exists(logFile) && lastTermination != null) {
      Files.move(
          logFile,
          logFile.resolveSibling(name() + ".previous.log"),
          StandardCopyOption.REPLACE_EXISTING);
    }
    Files.deleteIfExists(terminationLog);
    Files.createDirectories(terminationLog.getParent());
    ProcessBuilder builder = new ProcessBuilder(launch.command());
    builder.environment().clear();
    builder.environment().putAll(launch.environment());
    builder.directory(launch.workingDir().toFile());
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    process = builder.start();
    startedAt = Instant.now();
    containerId = "local://" + process.pid();
    waitingReason = null;
    waitingMessage = null;
    termination = null;
    killedBecause = null;
    started = false;
    ready = false;
    try {
      Files.writeString(
          pidDir.resolve(Long.toString(process.pid())), String.join(" ", launch.command()));
    } catch (IOException e) {
      // Only the clean-up after a crashed runner needs it; the process runs on regardless.
    }
  }

  /** SIGTERM now and SIGKILL after the grace period, to the process and any it started. */
  void kill(Duration grace, ScheduledExecutorService timers) {
    Process running = process;
    if (running == null || !running.isAlive()) {
      return;
    }
    running.descendants().forEach(ProcessHandle::destroy);
    running.destroy();
    Runnable force =
        () -> {
          if (running.isAlive()) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
          }
        };
    if (grace.isZero() || timers.isShutdown()) {
      force.run();
    } else {
      timers.schedule(force, grace.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Collects the exit of the process: its termination state, with the termination message. */
  ContainerStateTerminated reap(Path pidDir) {
    Process done = process;
    process = null;
    stopProbes();
    started = false;
    ready = false;
    try {
      Files.deleteIfExists(pidDir.resolve(Long.toString(done.pid())));
    } catch (IOException ignored) {
      // a stale pid file is checked against the process before it is acted on
    }
    int exitCode = done.exitValue();
    Instant finishedAt = Instant.now();
    String message = TerminationMessages.read(terminationLog, MESSAGE_LIMIT);
    if (message.isEmpty()
        && exitCode != 0
        && "FallbackToLogsOnError".equals(spec.getTerminationMessagePolicy())) {
      message = TerminationMessages.tail(logFile, LOG_FALLBACK_BYTES, LOG_FALLBACK_LINES);
    }
    message = mounts.toContainer(message);
    termination =
        new ContainerStateTerminatedBuilder()
            .withExitCode(exitCode)
            .withReason(exitCode == 0 ? "Completed" : "Error")
            .withMessage(message.isEmpty() ? null : message)
            .withStartedAt(Timestamps.format(startedAt))
            .withFinishedAt(Timestamps.format(finishedAt))
            .withContainerID(containerId)
            .build();
    return termination;
  }

  /** The container cannot run at all (its image, its configuration): it ends as it stands. */
  void failToStart(String reason, String message) {
    Instant now = Instant.now();
    termination =
        new ContainerStateTerminatedBuilder()
            .withExitCode(128)
            .withReason(reason)
            .withMessage(message)
            .withStartedAt(Timestamps.format(now))
            .withFinishedAt(Timestamps.format(now))
            .build();
    finished = true;
    waitingReason = null;
    waitingMessage = null;
  }

  void stopProbes() {
    probes.forEach(ProbeWorker::stop);
    probes.clear();
  }
}
