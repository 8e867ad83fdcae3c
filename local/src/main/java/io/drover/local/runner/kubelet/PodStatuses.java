package io.drover.local.runner.kubelet;

import io.drover.local.runner.control.Timestamps;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's status as the kubelet writes it, from what the runner knows of the pod: the phase (by the
 * kubelet's own rules), the conditions with their reasons and transition times, the addresses, and
 * each container's state, sorted by name.
 */
final class PodStatuses {

  private final Map<String, String> conditionStatus = new HashMap<>();
  private final Map<String, Instant> conditionSince = new HashMap<>();

  PodStatus of(PodWorker pod, Instant now) {
    PodStatusBuilder status =
        new PodStatusBuilder().withQosClass(qosClass(pod.spec().getContainers()));
    if (!pod.scheduled) {
      return status
          .withPhase("Pending")
          .withConditions(
              condition("PodScheduled", "False", "Unschedulable", pod.unschedulable, now))
          .build();
    }
    List<ContainerStatus> containers = new ArrayList<>();
    for (ContainerRuntime c : pod.containers.values()) {
      containers.add(containerStatus(c));
    }
    containers.sort(Comparator.comparing(ContainerStatus::getName));
    String phase = phase(pod);
    boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
    List<String> unready =
        pod.containers.values().stream()
            .filter(c -> !c.ready)
            .map(ContainerRuntime::name)
            .sorted()
            .toList();
    String readyStatus = unready.isEmpty() && !terminal ? "True" : "False";
    String readyReason =
        terminal ? "PodCompleted" : unready.isEmpty() ? null : "ContainersNotReady";
    String readyMessage =
        terminal || unready.isEmpty()
            ? null
            : "containers with unready status: [" + String.join(" ", unready) + "]";
    List<PodCondition> conditions = new ArrayList<>();
    conditions.add(
        condition(
            "PodReadyToStartContainers",
            pod.ip != null && !terminal ? "True" : "False",
            null,
            null,
            now));
    if (pod.initUnsupported != null) {
      conditions.add(
          condition("Initialized", "False", "ContainersNotInitialized", pod.initUnsupported, now));
    } else {
      conditions.add(condition("Initialized", "True", terminal ? "PodCompleted" : null, null, now));
    }
    conditions.add(condition("Ready", readyStatus, readyReason, readyMessage, now));
    conditions.add(condition("ContainersReady", readyStatus, readyReason, readyMessage, now));
    conditions.add(condition("PodScheduled", "True", null, null, now));
    status
        .withPhase(phase)
        .withConditions(conditions)
        .withHostIP("127.0.0.1")
        .withHostIPs(new HostIP("127.0.0.1"))
        .withStartTime(Timestamps.format(pod.startTime))
        .withContainerStatuses(containers);
    if (pod.ip != null) {
      status.withPodIP(pod.ip).withPodIPs(new PodIP(pod.ip));
    }
    return status.build();
  }

  /**
   * The kubelet's {@code getPhase}: Pending while any container waits for its first start, Running
   * while any runs (or restarts), Succeeded or Failed once every container has terminated for good.
   */
  static String phase(PodWorker pod) {
    if (pod.ip == null || pod.volumesPending) {
      return "Pending";
    }
    int waiting = 0;
    int running = 0;
    int finished = 0;
    int succeeded = 0;
    for (ContainerRuntime c : pod.containers.values()) {
      if (c.finished) {
        finished++;
        if (c.termination != null && c.termination.getExitCode() == 0) {
          succeeded++;
        }
      } else if (c.running()) {
        running++;
      } else if (c.lastTermination == null) {
        waiting++;
      }
      // a container in back-off counts as running: it restarts
    }
    int total = pod.containers.size();
    if (finished == total) {
      return succeeded == total ? "Succeeded" : "Failed";
    }
    if (waiting > 0) {
      return "Pending";
    }
    return "Running";
  }

  private ContainerStatus containerStatus(ContainerRuntime c) {
    ContainerStatusBuilder status =
        new ContainerStatusBuilder()
            .withName(c.name())
            .withImage(c.spec.getImage())
            .withImageID(c.image == null ? "" : "local-jar://" + c.image.jar())
            .withContainerID(c.containerId)
            .withRestartCount(c.restartCount)
            .withReady(c.running() && c.ready)
            .withStarted(c.running() && c.started);
    if (c.running()) {
      status
          .withNewState()
          .withNewRunning()
          .withStartedAt(Timestamps.format(c.startedAt))
          .endRunning()
          .endState();
    } else if (c.termination != null) {
      status.withNewState().withTerminated(c.termination).endState();
    } else {
      status
          .withNewState()
          .withNewWaiting()
          .withReason(c.waitingReason == null ? "ContainerCreating" : c.waitingReason)
          .withMessage(c.waitingMessage)
          .endWaiting()
          .endState();
    }
    if (c.lastTermination != null) {
      status.withNewLastState().withTerminated(c.lastTermination).endLastState();
    } else {
      status.withNewLastState().endLastState();
    }
    return status.build();
  }

  private PodCondition condition(
      String type, String status, String reason, String message, Instant now) {
    if (!status.equals(conditionStatus.get(type))) {
      conditionStatus.put(type, status);
      conditionSince.put(type, now);
    }
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastProbeTime(null)
        .withLastTransitionTime(Timestamps.format(conditionSince.get(type)))
        .build();
  }

  /**
   * Guaranteed when every container limits cpu and memory to its requests, BestEffort when none
   * asks.
   */
  static String qosClass(List<Container> containers) {
    boolean any = false;
    boolean guaranteed = true;
    for (Container c : containers) {
      Map<String, Quantity> requests =
          c.getResources() == null || c.getResources().getRequests() == null
              ? Map.of()
              : c.getResources().getRequests();
      Map<String, Quantity> limits =
          c.getResources() == null || c.getResources().getLimits() == null
              ? Map.of()
              : c.getResources().getLimits();
      for (String resource : List.of("cpu", "memory")) {
        Quantity request = requests.get(resource);
        Quantity limit = limits.get(resource);
        any |= request != null || limit != null;
        if (limit == null
            || (request != null
                && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) != 0)) {
          guaranteed = false;
        }
      }
    }
    return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
  }
}
