package io.drover.local.runner.kubelet;

import io.drover.local.runner.RunnableImage;
import io.drover.local.runner.control.Keys;
import io.drover.local.runner.control.Timestamps;
import io.drover.local.runner.events.EventRecorder;
import io.drover.local.runner.scheduler.Scheduler;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod on the local node, from scheduling to its end: binds it (or reports it unschedulable),
 * gives it an address and its volumes, starts each container's process, probes it, restarts it as
 * the restart policy says (with CrashLoopBackOff), and stops it when the pod is deleted. The
 * kubelet calls {@link #sync} on its one thread whenever something about the pod changed.
 */
final class PodWorker {

  private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);
  private static final String COMPONENT = "kubelet";
  private static final Duration RETRY = Duration.ofSeconds(2);
  private static final Duration MAX_RESTART_BACKOFF = Duration.ofMinutes(5);
  private static final Duration BACKOFF_RESET = Duration.ofMinutes(10);

  private final KubeletContext context;
  final String key;
  final String uid;
  final Path dir;
  private Pod pod;
  final Map<String, ContainerRuntime> containers = new LinkedHashMap<>();
  private final PodStatuses statuses = new PodStatuses();

  boolean scheduled;
  String unschedulable;
  String ip;
  Instant startTime;
  Volumes volumes;
  boolean volumesPending = true;
  String initUnsupported;
  boolean terminating;
  private boolean released;
  private PodStatus written;

  PodWorker(KubeletContext context, Pod pod) {
    this.context = context;
    this.pod = pod;
    this.key = Keys.of(pod);
    this.uid = pod.getMetadata().getUid();
    this.dir = context.options().home().resolve("pods").resolve(uid);
    Path logs =
        context
            .options()
            .home()
            .resolve("logs")
            .resolve(pod.getMetadata().getNamespace())
            .resolve(pod.getMetadata().getName());
    for (Container container : pod.getSpec().getContainers()) {
      RunnableImage image =
          context.options().images().stream()
              .filter(i -> i.runs(container.getImage()))
              .findFirst()
              .orElse(null);
      containers.put(
          container.getName(),
          new ContainerRuntime(
              container,
              image,
              dir.resolve("containers").resolve(container.getName()),
              logs.resolve(container.getName() + ".log")));
    }
  }

  PodSpec spec() {
    return pod.getSpec();
  }

  Pod pod() {
    return pod;
  }

  void update(Pod latest) {
    this.pod = latest;
  }

  /**
   * Takes over a pod this node ran before the runner restarted: its processes are gone (stopped
   * with the runner), so each container that had started is reported as the kubelet reports a
   * container it lost — and restarted where the restart policy says so.
   */
  void adopt(PodStatus status) {
    scheduled = true;
    context.scheduler().rebind(pod);
    if (status.getPodIP() != null && context.addresses().claim(status.getPodIP())) {
      ip = status.getPodIP();
    }
    startTime = Timestamps.parse(status.getStartTime());
    if (status.getContainerStatuses() == null) {
      return;
    }
    for (ContainerStatus previous : status.getContainerStatuses()) {
      ContainerRuntime c = containers.get(previous.getName());
      if (c == null) {
        continue;
      }
      c.restartCount = previous.getRestartCount() == null ? 0 : previous.getRestartCount();
      var state = previous.getState();
      if (state != null && state.getTerminated() != null) {
        c.termination = state.getTerminated();
        c.finished = !restarts(c, state.getTerminated().getExitCode());
      } else if (state != null
          && (state.getRunning() != null
              || previous.getLastState() != null
                  && previous.getLastState().getTerminated() != null)) {
        var lost =
            new ContainerStateTerminatedBuilder()
                .withExitCode(137)
                .withReason("ContainerStatusUnknown")
                .withMessage("The container could not be located when the pod was terminated")
                .withStartedAt(
                    state.getRunning() == null ? null : state.getRunning().getStartedAt())
                .withFinishedAt(Timestamps.format(Instant.now()))
                .build();
        if (restarts(c, 137)) {
          c.lastTermination = lost;
        } else {
          c.termination = lost;
          c.finished = true;
        }
      }
    }
  }

  /** Moves the pod on: schedule, set up, start or restart containers. */
  void sync(Instant now) {
    if (terminating && !scheduled) {
      return;
    }
    if (!scheduled) {
      Scheduler.Decision decision = context.scheduler().schedule(pod);
      if (decision instanceof Scheduler.Unschedulable no) {
        if (!no.message().equals(unschedulable)) {
          context
              .events()
              .warning(source(null, "default-scheduler"), "FailedScheduling", no.message());
        }
        unschedulable = no.message();
        return;
      }
      scheduled = true;
      unschedulable = null;
      context
          .events()
          .normal(
              source(null, "default-scheduler"),
              "Scheduled",
              "Successfully assigned " + key + " to " + EventRecorder.NODE);
    }
    if (ip == null) {
      ip = context.addresses().allocate();
    }
    if (startTime == null) {
      startTime = now;
    }
    if (pod.getSpec().getInitContainers() != null && !pod.getSpec().getInitContainers().isEmpty()) {
      if (initUnsupported == null) {
        initUnsupported =
            "local mode does not run init containers; this pod's containers wait for them forever";
        context.events().warning(source(null, COMPONENT), "FailedCreate", initUnsupported);
      }
      return;
    }
    if (volumes == null && !terminating) {
      try {
        volumes = Volumes.prepare(context.client(), pod, context.options().home(), dir);
        volumesPending = false;
      } catch (MountFailure e) {
        context.events().warning(source(null, COMPONENT), "FailedMount", e.getMessage());
        context.requeue().after(key, RETRY);
        return;
      }
    }
    for (ContainerRuntime c : containers.values()) {
      syncContainer(c, now);
    }
  }

  boolean finished() {
    return containers.values().stream().allMatch(c -> c.finished);
  }

  /** The pod's status now; null when it has not changed since it was last written. */
  PodStatus statusToWrite(Instant now) {
    PodStatus status = statuses.of(this, now);
    if (status.equals(written)) {
      return null;
    }
    return status;
  }

  void written(PodStatus status) {
    this.written = status;
  }

  private void syncContainer(ContainerRuntime c, Instant now) {
    if (c.finished) {
      return;
    }
    if (c.exited()) {
      exited(c, now);
    }
    if (c.finished || c.running()) {
      return;
    }
    if (terminating) {
      c.finished = true;
      return;
    }
    if (c.restartAt != null && now.isBefore(c.restartAt)) {
      c.waitingReason = "CrashLoopBackOff";
      c.waitingMessage =
          "back-off "
              + seconds(c.backoff)
              + " restarting failed container="
              + c.name()
              + " pod="
              + pod.getMetadata().getName()
              + "_"
              + pod.getMetadata().getNamespace()
              + "("
              + uid
              + ")";
      context
          .events()
          .warning(
              source(c, COMPONENT),
              "BackOff",
              "Back-off restarting failed container "
                  + c.name()
                  + " in pod "
                  + pod.getMetadata().getName()
                  + "_"
                  + pod.getMetadata().getNamespace()
                  + "("
                  + uid
                  + ")");
      context.requeue().after(key, Duration.between(now, c.restartAt));
      return;
    }
    start(c, now);
  }

  private void exited(ContainerRuntime c, Instant now) {
    var termination = c.reap(context.pidDir());
    if (terminating || !restarts(c, termination.getExitCode())) {
      c.finished = true;
      return;
    }
    c.lastTermination = termination;
    c.termination = null;
    // The kubelet's back-off: the first crash restarts at once, later ones wait the current delay,
    // which doubles with every restart and is forgotten after ten minutes without one.
    boolean inBackoff =
        c.backoff != null && Duration.between(c.backoffSince, now).compareTo(BACKOFF_RESET) <= 0;
    c.restartAt = inBackoff ? now.plus(c.backoff) : now;
    c.waitingReason = null;
  }

  private boolean restarts(ContainerRuntime c, int exitCode) {
    String policy =
        pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    return policy.equals("Always") || (policy.equals("OnFailure") && exitCode != 0);
  }

  private void start(ContainerRuntime c, Instant now) {
    boolean restartsOnFailure = !"Never".equals(pod.getSpec().getRestartPolicy());
    boolean alwaysRestarts =
        pod.getSpec().getRestartPolicy() == null
            || "Always".equals(pod.getSpec().getRestartPolicy());
    if (c.image == null || !Files.isRegularFile(c.image.jar())) {
      String message = notRunnable(c);
      if (!"ImageNotRunnable".equals(c.waitingReason)) {
        context
            .events()
            .warning(
                source(c, COMPONENT),
                "Failed",
                "Failed to pull image \"" + c.spec.getImage() + "\": " + message);
      }
      if (alwaysRestarts) {
        c.waitingReason = "ImageNotRunnable";
        c.waitingMessage = message;
      } else {
        // A Job's pod fails, so that the Job's backoffLimit and podFailurePolicy decide.
        c.failToStart("ImageNotRunnable", message);
      }
      return;
    }
    ContainerLaunch launch;
    try {
      Map<String, String> env = ContainerEnvironment.resolve(context.client(), pod, c.spec, ip);
      c.mounts = volumes.mountsOf(c.spec);
      String messagePath =
          c.spec.getTerminationMessagePath() == null
              ? "/dev/termination-log"
              : c.spec.getTerminationMessagePath();
      String mapped = c.mounts.toHost(messagePath);
      c.terminationLog =
          mapped.equals(messagePath) ? c.dir.resolve("termination-log") : Path.of(mapped);
      launch =
          ContainerLaunch.of(
              context.options(),
              c.image,
              pod,
              c.spec,
              ip,
              serviceAccountToken(),
              env,
              c.mounts,
              c.terminationLog,
              context.hosts().forNamespace(pod.getMetadata().getNamespace()),
              c.dir.resolve("work"));
    } catch (ConfigFailure e) {
      if (!e.getMessage().equals(c.waitingMessage)) {
        context.events().warning(source(c, COMPONENT), "Failed", "Error: " + e.getMessage());
      }
      if (e.permanent && !alwaysRestarts) {
        c.failToStart("CreateContainerConfigError", e.getMessage());
        return;
      }
      c.waitingReason = "CreateContainerConfigError";
      c.waitingMessage = e.getMessage();
      if (!e.permanent) {
        context.requeue().after(key, RETRY);
      }
      return;
    } catch (KubernetesClientException e) {
      context.requeue().after(key, RETRY);
      return;
    }
    if (c.restartCount == 0 && c.lastTermination == null) {
      context
          .events()
          .normal(
              source(c, COMPONENT),
              "Pulled",
              "Container image \"" + c.spec.getImage() + "\" already present on machine");
    }
    try {
      c.start(launch, context.pidDir());
    } catch (IOException e) {
      String message = "failed to start container \"" + c.name() + "\": " + e.getMessage();
      context.events().warning(source(c, COMPONENT), "Failed", "Error: " + message);
      if (restartsOnFailure) {
        c.waitingReason = "RunContainerError";
        c.waitingMessage = message;
        context.requeue().after(key, RETRY);
      } else {
        c.failToStart("StartError", message);
      }
      return;
    }
    if (c.lastTermination != null) {
      c.restartCount++;
      Duration base = context.options().restartBackoff();
      boolean reset =
          c.backoff == null || Duration.between(c.backoffSince, now).compareTo(BACKOFF_RESET) > 0;
      c.backoff = reset ? base : min(c.backoff.multipliedBy(2), MAX_RESTART_BACKOFF);
      c.backoffSince = now;
      c.restartAt = null;
    }
    LOG.debug("started {} container {} as pid {}", key, c.name(), c.process.pid());
    context.events().normal(source(c, COMPONENT), "Created", "Created container: " + c.name());
    context.events().normal(source(c, COMPONENT), "Started", "Started container " + c.name());
    c.process.onExit().thenRun(() -> context.requeue().after(key, Duration.ZERO));
    startProbes(c);
  }

  private void startProbes(ContainerRuntime c) {
    ProbeWorker.Listener listener = new ProbeListener(c);
    Probe startup = c.spec.getStartupProbe();
    Probe readiness = c.spec.getReadinessProbe();
    Probe liveness = c.spec.getLivenessProbe();
    c.started = startup == null;
    c.ready = c.started && readiness == null;
    if (startup != null) {
      add(c, ProbeWorker.Kind.Startup, startup, () -> true, listener);
    }
    if (readiness != null) {
      add(c, ProbeWorker.Kind.Readiness, readiness, () -> c.started, listener);
    }
    if (liveness != null) {
      add(c, ProbeWorker.Kind.Liveness, liveness, () -> c.started, listener);
    }
  }

  private void add(
      ContainerRuntime c,
      ProbeWorker.Kind kind,
      Probe probe,
      java.util.function.BooleanSupplier gate,
      ProbeWorker.Listener listener) {
    ProbeCheck check = ProbeCheck.of(probe, c.spec, ip, c.mounts);
    if (check instanceof ProbeCheck.Unsupported unsupported) {
      String effect =
          kind == ProbeWorker.Kind.Liveness
              ? "it is not run"
              : "the container never becomes "
                  + (kind == ProbeWorker.Kind.Readiness ? "ready" : "started");
      context
          .events()
          .warning(
              source(c, COMPONENT),
              "Unhealthy",
              kind + " probe cannot run: " + unsupported.why() + "; " + effect);
      if (kind == ProbeWorker.Kind.Liveness) {
        return;
      }
    }
    ProbeWorker worker = new ProbeWorker(kind, probe, check, gate, listener);
    c.probes.add(worker);
    worker.start(context.timers());
  }

  /** Probe verdicts change readiness; liveness and startup failures kill the container. */
  private final class ProbeListener implements ProbeWorker.Listener {
    private final ContainerRuntime c;

    ProbeListener(ContainerRuntime c) {
      this.c = c;
    }

    @Override
    public void failed(ProbeWorker probe, String output, boolean thresholdReached) {
      if (probe.check() instanceof ProbeCheck.Unsupported) {
        return; // said once, when the container started
      }
      context
          .events()
          .warning(
              source(c, COMPONENT), "Unhealthy", probe.kind() + " probe failed: " + output.strip());
      if (thresholdReached && probe.kind() != ProbeWorker.Kind.Readiness && c.running()) {
        String word = probe.kind() == ProbeWorker.Kind.Liveness ? "liveness" : "startup";
        c.killedBecause = word;
        context
            .events()
            .normal(
                source(c, COMPONENT),
                "Killing",
                "Container " + c.name() + " failed " + word + " probe, will be restarted");
        Long grace = probe.terminationGracePeriodSeconds();
        c.kill(grace != null ? Duration.ofSeconds(grace) : gracePeriod(), context.timers());
      }
    }

    @Override
    public void verdictChanged(ProbeWorker probe, boolean passing) {
      if (probe.kind() == ProbeWorker.Kind.Startup) {
        c.started = passing;
      }
      boolean readinessPasses =
          c.probes.stream()
              .filter(p -> p.kind() == ProbeWorker.Kind.Readiness)
              .allMatch(ProbeWorker::passing);
      c.ready = c.started && readinessPasses;
      context.requeue().after(key, Duration.ZERO);
    }
  }

  /** The pod is being deleted: SIGTERM every container, SIGKILL after the grace period. */
  void terminate(Duration grace) {
    if (terminating) {
      return;
    }
    terminating = true;
    for (ContainerRuntime c : containers.values()) {
      if (c.running()) {
        context.events().normal(source(c, COMPONENT), "Killing", "Stopping container " + c.name());
        c.stopProbes();
        c.kill(grace, context.timers());
      }
    }
    context.requeue().after(key, Duration.ZERO);
  }

  /** Stops every process at once (the runner shuts down): SIGTERM now, SIGKILL after grace. */
  void stopForShutdown(Duration grace) {
    for (ContainerRuntime c : containers.values()) {
      c.stopProbes();
      c.kill(grace, context.timers());
    }
  }

  boolean anyRunning() {
    return containers.values().stream().anyMatch(c -> c.process != null && c.process.isAlive());
  }

  Duration gracePeriod() {
    Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
    if (seconds == null) {
      seconds = pod.getSpec().getTerminationGracePeriodSeconds();
    }
    return Duration.ofSeconds(seconds == null ? 30 : Math.max(0, seconds));
  }

  /** Frees the pod's address and extended resources; true the first time only. */
  boolean releaseResources() {
    if (released) {
      return false;
    }
    released = true;
    for (ContainerRuntime c : containers.values()) {
      c.stopProbes();
    }
    context.scheduler().release(uid);
    if (ip != null) {
      context.addresses().release(ip);
    }
    return true;
  }

  /**
   * Whether the pod's containers get API access ({@code KUBECONFIG}): the pod's {@code
   * automountServiceAccountToken}, else its service account's, else yes.
   */
  private boolean serviceAccountToken() {
    Boolean own = pod.getSpec().getAutomountServiceAccountToken();
    if (own != null) {
      return own;
    }
    String name =
        pod.getSpec().getServiceAccountName() == null
            ? "default"
            : pod.getSpec().getServiceAccountName();
    ServiceAccount account =
        context
            .client()
            .serviceAccounts()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(name)
            .get();
    return account == null
        || account.getAutomountServiceAccountToken() == null
        || account.getAutomountServiceAccountToken();
  }

  private String notRunnable(ContainerRuntime c) {
    if (c.image != null) {
      return "local mode runs image \""
          + c.spec.getImage()
          + "\" from "
          + c.image.jar()
          + ", which does not exist: build it first (./mvnw -B package -DskipTests)";
    }
    String runnable =
        context.options().images().stream()
            .map(RunnableImage::repository)
            .collect(Collectors.joining(", "));
    return "local mode runs only Drover's own images ("
        + (runnable.isEmpty() ? "none configured" : runnable)
        + "); image \""
        + c.spec.getImage()
        + "\" is not one of them";
  }

  private EventRecorder.Source source(ContainerRuntime c, String component) {
    return new EventRecorder.Source(
        component, pod, c == null ? null : "spec.containers{" + c.name() + "}");
  }

  private static String seconds(Duration d) {
    long s = d == null ? 0 : d.toSeconds();
    return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
