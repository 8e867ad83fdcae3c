package io.drover.e2e.local;

import io.drover.operator.testing.JobControllerSimulator;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Plays the Job controller and the kubelet for real: every Job the operator creates gets a pod
 * whose containers run here as processes — the built-in trainer jar stands in for the trainer image
 * — with the container's environment, the PVC mounts mapped to folders, and the termination log
 * read back into the pod status, exactly where the operator reads it.
 */
final class LocalKubelet implements AutoCloseable {

  private static final String MOUNT_ROOT = "/drover/volumes/";

  private final KubernetesClient client;
  private final JobControllerSimulator jobs;
  private final Path volumes;
  private final Path trainerJar;
  private final Path logs;
  private final Set<String> started = ConcurrentHashMap.newKeySet();
  private final ExecutorService pods = Executors.newCachedThreadPool();
  private final Thread watcher;
  private volatile boolean running = true;

  LocalKubelet(KubernetesClient client, Path volumes, Path trainerJar, Path logs) {
    this.client = client;
    this.jobs = new JobControllerSimulator(client);
    this.volumes = volumes;
    this.trainerJar = trainerJar;
    this.logs = logs;
    this.watcher = new Thread(this::watch, "local-kubelet");
    watcher.setDaemon(true);
    watcher.start();
  }

  private void watch() {
    while (running) {
      for (Job job : client.batch().v1().jobs().inAnyNamespace().list().getItems()) {
        if (started.add(job.getMetadata().getNamespace() + "/" + job.getMetadata().getName())) {
          pods.submit(() -> runPod(job));
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void runPod(Job job) {
    Pod pod = jobs.createPod(job, 0);
    Instant start = Instant.now();
    pod = jobs.running(pod, start);
    List<Container> containers = job.getSpec().getTemplate().getSpec().getContainers();
    Map<String, Integer> exitCodes = new LinkedHashMap<>();
    Map<String, String> messages = new LinkedHashMap<>();
    List<Thread> runs = new ArrayList<>();
    for (Container container : containers) {
      Thread run =
          new Thread(
              () -> {
                ContainerExit exit = runContainer(job, container);
                synchronized (messages) {
                  exitCodes.put(container.getName(), exit.code());
                  messages.put(container.getName(), exit.message());
                }
              });
      run.start();
      runs.add(run);
    }
    for (Thread run : runs) {
      try {
        run.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    Instant end = Instant.now();
    boolean succeeded = exitCodes.values().stream().allMatch(code -> code == 0);
    if (containers.size() == 1) {
      String name = containers.get(0).getName();
      jobs.terminated(pod, exitCodes.get(name), messages.get(name), start, end);
    } else {
      jobs.allTerminated(pod, messages, end);
    }
    if (succeeded) {
      jobs.complete(job, end);
    } else {
      jobs.failed(job, "PodFailurePolicy", "Container exited with a non-zero code", end);
    }
  }

  private record ContainerExit(int code, String message) {}

  private ContainerExit runContainer(Job job, Container container) {
    try {
      Path termination = Files.createTempFile(logs, container.getName(), ".termination-log");
      ProcessBuilder process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx512m",
                  "-jar",
                  trainerJar.toString())
              .redirectErrorStream(true)
              .redirectOutput(
                  logs.resolve(job.getMetadata().getName() + "-" + container.getName() + ".log")
                      .toFile());
      Map<String, String> env = process.environment();
      for (EnvVar variable : container.getEnv()) {
        env.put(variable.getName(), onThisMachine(variable.getValue()));
      }
      env.put("DROVER_TERMINATION_LOG", termination.toString());
      Process exited = process.start();
      if (!exited.waitFor(Duration.ofMinutes(5).toSeconds(), TimeUnit.SECONDS)) {
        exited.destroyForcibly();
        return new ContainerExit(137, "killed: ran past 5 minutes");
      }
      // The trainer reports paths as it saw them; inside a pod those are the mount paths.
      String message =
          Files.readString(termination, StandardCharsets.UTF_8)
              .replace(volumes.toString() + "/", MOUNT_ROOT);
      return new ContainerExit(exited.exitValue(), message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ContainerExit(143, "interrupted");
    }
  }

  /** A mounted claim's path inside the container, as a folder on this machine. */
  private String onThisMachine(String value) {
    return value != null && value.startsWith(MOUNT_ROOT)
        ? volumes.resolve(value.substring(MOUNT_ROOT.length())).toString()
        : value;
  }

  @Override
  public void close() {
    running = false;
    watcher.interrupt();
    pods.shutdownNow();
  }
}
