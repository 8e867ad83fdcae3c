package io.drover.operator.inferenceservice;

import io.drover.operator.inferenceservice.rollout.ServingObservation;
import io.drover.operator.inferenceservice.rollout.VariantHealth;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the serving objects' health from the caches: how many replicas of each variant have their
 * model ready, why one is not ready yet, and what makes one never ready — an image that cannot be
 * pulled, a server that refused its bundle (the built-in server exits 1 then, saying why), a
 * container that keeps crashing.
 */
final class ServingObserver {

  /** Waiting reasons a pod does not recover from by itself. */
  static final Set<String> FATAL_WAITING =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "ErrImageNeverPull",
          "CreateContainerConfigError",
          "CreateContainerError",
          "ImageNotRunnable");

  /** Restarts after which a crashing container is taken as broken. */
  static final int CRASHES = 3;

  /** The built-in server's exit code for a bundle it cannot serve. */
  static final int CANNOT_SERVE = 1;

  private ServingObserver() {}

  static ServingObservation observe(
      Collection<Deployment> deployments, Collection<Pod> pods, String routerDeployment) {
    Map<String, VariantHealth> variants = new HashMap<>();
    boolean routerReady = false;
    for (Deployment deployment : deployments) {
      String name = deployment.getMetadata().getName();
      int ready = readyReplicas(deployment);
      if (name.equals(routerDeployment)) {
        routerReady = ready > 0;
        continue;
      }
      List<Pod> own =
          pods.stream()
              .filter(pod -> name.equals(labels(pod).get(InferenceServiceResources.VARIANT_LABEL)))
              .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
              .toList();
      variants.put(name, new VariantHealth(ready, fatal(own), waiting(deployment, own)));
    }
    return new ServingObservation(variants, routerReady);
  }

  /** Base URLs ({@code http://<pod IP>:<port>}) of the ready pods among these. */
  static List<String> readyAddresses(Collection<Pod> pods, int port) {
    return pods.stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .filter(ServingObserver::isReady)
        .filter(pod -> pod.getStatus().getPodIP() != null)
        .map(pod -> "http://%s:%d".formatted(pod.getStatus().getPodIP(), port))
        .sorted()
        .toList();
  }

  static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static int readyReplicas(Deployment deployment) {
    Integer ready =
        deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
    return ready == null ? 0 : ready;
  }

  private static Optional<String> fatal(List<Pod> pods) {
    for (Pod pod : pods) {
      for (ContainerStatus container : containers(pod)) {
        ContainerStateWaiting waiting =
            container.getState() == null ? null : container.getState().getWaiting();
        if (waiting != null && FATAL_WAITING.contains(waiting.getReason())) {
          return Optional.of(
              "%s: %s"
                  .formatted(waiting.getReason(), nonEmpty(waiting.getMessage(), "no message")));
        }
        ContainerStateTerminated exited = lastExit(container);
        if (exited != null
            && exited.getExitCode() != null
            && exited.getExitCode() == CANNOT_SERVE) {
          return Optional.of(
              "the server exited with code 1: "
                  + nonEmpty(exited.getMessage(), nonEmpty(exited.getReason(), "no message")));
        }
        int restarts = container.getRestartCount() == null ? 0 : container.getRestartCount();
        if (restarts >= CRASHES && exited != null) {
          return Optional.of(
              "the server keeps crashing (%d restarts, last exit code %s): %s"
                  .formatted(
                      restarts,
                      exited.getExitCode(),
                      nonEmpty(exited.getMessage(), nonEmpty(exited.getReason(), "no message"))));
        }
      }
    }
    return Optional.empty();
  }

  private static String waiting(Deployment deployment, List<Pod> pods) {
    if (pods.isEmpty()) {
      Integer replicas = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
      return replicas != null && replicas == 0 ? "scaled to zero" : "no pod yet";
    }
    Pod pod = pods.get(0);
    String name = "pod " + pod.getMetadata().getName();
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    Optional<PodCondition> unscheduled =
        pod.getStatus() == null || pod.getStatus().getConditions() == null
            ? Optional.empty()
            : pod.getStatus().getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                .findFirst();
    if (unscheduled.isPresent()) {
      return "%s is not scheduled: %s"
          .formatted(name, nonEmpty(unscheduled.get().getMessage(), unscheduled.get().getReason()));
    }
    for (ContainerStatus container : containers(pod)) {
      if (container.getState() != null && container.getState().getWaiting() != null) {
        var waiting = container.getState().getWaiting();
        return "%s is waiting: %s%s"
            .formatted(
                name,
                waiting.getReason(),
                waiting.getMessage() == null ? "" : " (" + waiting.getMessage() + ")");
      }
      if (Boolean.FALSE.equals(container.getReady())) {
        return name + " runs; its model is not ready yet";
      }
    }
    return "%s is %s".formatted(name, phase == null ? "starting" : phase);
  }

  private static ContainerStateTerminated lastExit(ContainerStatus container) {
    if (container.getState() != null && container.getState().getTerminated() != null) {
      return container.getState().getTerminated();
    }
    return container.getLastState() == null ? null : container.getLastState().getTerminated();
  }

  private static List<ContainerStatus> containers(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of()
        : pod.getStatus().getContainerStatuses();
  }

  private static Map<String, String> labels(Pod pod) {
    return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
  }

  private static String nonEmpty(String text, String fallback) {
    return text == null || text.isBlank() ? fallback : text.strip();
  }
}
