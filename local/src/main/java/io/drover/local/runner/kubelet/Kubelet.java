package io.drover.local.runner.kubelet;

import io.drover.local.runner.RunnerOptions;
import io.drover.local.runner.control.Keys;
import io.drover.local.runner.control.ReconcileLoop;
import io.drover.local.runner.events.EventRecorder;
import io.drover.local.runner.network.HostsFile;
import io.drover.local.runner.network.PodAddresses;
import io.drover.local.runner.scheduler.Scheduler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the kubelet (and the scheduler) of the one local node: every pod in the cluster is
 * scheduled here, its containers run as local processes, and their state is written back to the
 * pod's status, as a kubelet writes it. A pod deleted from the API has its processes stopped
 * (SIGTERM, then SIGKILL after the grace period); a pod marked for deletion is stopped first and
 * then removed, as the kubelet's final delete does.
 */
public final class Kubelet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);

  private final KubernetesClient client;
  private final Indexer<Pod> pods;
  private final ReconcileLoop loop;
  private final KubeletContext context;
  private final ScheduledExecutorService timers;
  private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();

  public Kubelet(
      KubernetesClient client,
      RunnerOptions options,
      Indexer<Pod> pods,
      EventRecorder events,
      HostsFile hosts) {
    this.client = client;
    this.pods = pods;
    this.loop = new ReconcileLoop("local-kubelet", this::sync);
    this.timers =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "local-kubelet-probes");
              t.setDaemon(true);
              return t;
            });
    Path pidDir = options.home().resolve("runner/pids");
    this.context =
        new KubeletContext(
            client,
            options,
            events,
            new Scheduler(options.fakeGpus()),
            new PodAddresses(),
            timers,
            pidDir,
            hosts,
            loop::enqueueAfter);
  }

  /** Stops processes an earlier runner left behind (it was killed), then starts the kubelet. */
  public void start() {
    try {
      Files.createDirectories(context.pidDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + context.pidDir(), e);
    }
    OrphanProcesses.stop(context.pidDir(), context.options().home());
    loop.start();
  }

  public void podChanged(Pod pod) {
    loop.enqueue(Keys.of(pod));
  }

  private void sync(String key) {
    Instant now = Instant.now();
    Pod pod = pods.getByKey(key);
    String uid = pod == null ? null : pod.getMetadata().getUid();
    for (PodWorker worker : List.copyOf(workers.values())) {
      if (worker.key.equals(key) && !worker.uid.equals(uid)) {
        // Gone from the API (or replaced by a pod of the same name): stop it, then forget it.
        worker.terminate(worker.gracePeriod());
        worker.sync(now);
        if (!worker.anyRunning()) {
          finish(worker, false);
        }
      }
    }
    if (pod == null) {
      return;
    }
    PodWorker worker = workers.get(uid);
    if (worker == null) {
      if (isTerminal(pod)) {
        return; // finished before this runner started: nothing left to run
      }
      worker = new PodWorker(context, pod);
      if (wasStarted(pod)) {
        worker.adopt(pod.getStatus());
      }
      workers.put(uid, worker);
    }
    worker.update(pod);
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      worker.terminate(worker.gracePeriod());
    }
    worker.sync(now);
    writeStatus(worker, now);
    if (worker.terminating && !worker.anyRunning()) {
      finish(worker, true);
    } else if (worker.finished() && worker.releaseResources()) {
      onFinished();
    }
  }

  private void writeStatus(PodWorker worker, Instant now) {
    PodStatus status = worker.statusToWrite(now);
    if (status == null) {
      return;
    }
    Pod pod = worker.pod();
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .editStatus(
              p -> {
                if (!worker.uid.equals(p.getMetadata().getUid())) {
                  return p;
                }
                p.setStatus(status);
                return p;
              });
      worker.written(status);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** The pod's processes are all gone: free what it held and, when asked, delete it for good. */
  private void finish(PodWorker worker, boolean deleteObject) {
    worker.releaseResources();
    workers.remove(worker.uid);
    deleteQuietly(worker.dir);
    if (deleteObject) {
      try {
        client
            .pods()
            .inNamespace(worker.pod().getMetadata().getNamespace())
            .withName(worker.pod().getMetadata().getName())
            .withGracePeriod(0)
            .delete();
      } catch (KubernetesClientException e) {
        LOG.debug("final delete of {} failed: {}", worker.key, e.getMessage());
      }
    }
    onFinished();
  }

  /** Freed resources may let a pending pod be scheduled: look at the unscheduled ones again. */
  private void onFinished() {
    for (PodWorker waiting : workers.values()) {
      if (!waiting.scheduled) {
        loop.enqueue(waiting.key);
      }
    }
  }

  private static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static boolean wasStarted(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not remove {}: {}", dir, e.getMessage());
    }
  }

  /**
   * Stops every process the kubelet started: SIGTERM to all at once, SIGKILL to those still running
   * after their pod's grace period. Pod statuses are left as they are.
   */
  @Override
  public void close() {
    loop.close();
    List<PodWorker> all = new ArrayList<>(workers.values());
    Duration longest = Duration.ZERO;
    for (PodWorker worker : all) {
      Duration grace = worker.gracePeriod();
      worker.stopForShutdown(grace);
      if (grace.compareTo(longest) > 0) {
        longest = grace;
      }
    }
    Instant deadline = Instant.now().plus(longest).plusSeconds(1);
    for (PodWorker worker : all) {
      for (ContainerRuntime c : worker.containers.values()) {
        Process p = c.process;
        if (p == null) {
          continue;
        }
        try {
          long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
          if (!p.waitFor(left, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          p.destroyForcibly();
        }
        try {
          Files.deleteIfExists(context.pidDir().resolve(Long.toString(p.pid())));
        } catch (IOException ignored) {
          // left for the next start, which checks it against the process table
        }
      }
    }
    timers.shutdownNow();
  }
}
