package io.drover.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the Deployment (and ReplicaSet) controller and the kubelet for Deployments, through the API
 * as they do: each Deployment gets one pod per replica (labels from its template, an owner
 * reference, a pod IP), pods of a scaled-down Deployment are deleted, pods turn Ready once created
 * (their readiness probe passing at once), and the Deployment's status reports replicas,
 * readyReplicas, availableReplicas and observedGeneration as the real controller does. The Fabric8
 * mock API server has none of these controllers (nor garbage collection: pods of a deleted
 * Deployment are deleted here).
 */
public final class DeploymentControllerSimulator implements AutoCloseable {

  private final KubernetesClient client;
  private final String namespace;
  private final AtomicInteger addresses = new AtomicInteger(10);
  private final ScheduledExecutorService controller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "deployment-controller");
            thread.setDaemon(true);
            return thread;
          });
  private final List<SharedIndexInformer<?>> informers;

  /** Reacts to every change of the namespace's Deployments and pods, as the controllers watch. */
  public DeploymentControllerSimulator(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.informers =
        List.of(
            client.apps().deployments().inNamespace(namespace).inform(onChange()),
            client.pods().inNamespace(namespace).inform(onChange()));
  }

  private <T> ResourceEventHandler<T> onChange() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        pass(Duration.ZERO);
      }

      @Override
      public void onUpdate(T before, T after) {
        pass(Duration.ZERO);
      }

      @Override
      public void onDelete(T object, boolean unknownFinalState) {
        pass(Duration.ZERO);
      }
    };
  }

  private void pass(Duration after) {
    controller.schedule(
        () -> {
          try {
            reconcileOnce();
          } catch (KubernetesClientException e) {
            // A write raced with the operator's: requeue, as a controller does after a conflict.
            pass(Duration.ofMillis(50));
          }
        },
        after.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** One pass of the controllers over every Deployment of the namespace. */
  public synchronized void reconcileOnce() {
    List<Deployment> deployments =
        client.apps().deployments().inNamespace(namespace).list().getItems();
    List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
    for (Pod pod : pods) {
      boolean orphan =
          pod.getMetadata().getOwnerReferences() != null
              && pod.getMetadata().getOwnerReferences().stream()
                  .anyMatch(
                      o ->
                          "Deployment".equals(o.getKind())
                              && deployments.stream()
                                  .noneMatch(d -> d.getMetadata().getUid().equals(o.getUid())));
      if (orphan) {
        client.pods().resource(pod).delete();
      }
    }
    for (Deployment deployment : deployments) {
      reconcile(deployment, pods);
    }
  }

  private void reconcile(Deployment deployment, List<Pod> all) {
    int wanted = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    List<Pod> own =
        all.stream()
            .filter(
                pod ->
                    pod.getMetadata().getOwnerReferences() != null
                        && pod.getMetadata().getOwnerReferences().stream()
                            .anyMatch(o -> deployment.getMetadata().getUid().equals(o.getUid())))
            .toList();
    for (int i = own.size(); i < wanted; i++) {
      createPod(deployment, i);
    }
    for (int i = wanted; i < own.size(); i++) {
      client.pods().resource(own.get(i)).delete();
    }
    for (Pod pod : own.subList(0, Math.min(wanted, own.size()))) {
      if (!podReady(pod)) {
        markReady(pod);
      }
    }
    int readyCount = Math.min(wanted, own.size());
    var status = deployment.getStatus();
    Long generation = deployment.getMetadata().getGeneration();
    boolean same =
        status != null
            && Objects.equals(status.getReplicas(), wanted)
            && Objects.equals(status.getReadyReplicas(), readyCount)
            && Objects.equals(status.getObservedGeneration(), generation);
    if (same) {
      return;
    }
    client
        .apps()
        .deployments()
        .resource(deployment)
        .editStatus(
            d ->
                new DeploymentBuilder(d)
                    .editOrNewStatus()
                    .withObservedGeneration(generation)
                    .withReplicas(wanted)
                    .withUpdatedReplicas(wanted)
                    .withReadyReplicas(readyCount)
                    .withAvailableReplicas(readyCount)
                    .withUnavailableReplicas(wanted - readyCount)
                    .withConditions(
                        new DeploymentConditionBuilder()
                            .withType("Available")
                            .withStatus(readyCount >= wanted ? "True" : "False")
                            .withReason(
                                readyCount >= wanted
                                    ? "MinimumReplicasAvailable"
                                    : "MinimumReplicasUnavailable")
                            .build())
                    .endStatus()
                    .build());
  }

  private void createPod(Deployment deployment, int index) {
    var template = deployment.getSpec().getTemplate();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(
                deployment.getMetadata().getName() + "-" + Long.toHexString(System.nanoTime()))
            .withNamespace(namespace)
            .withLabels(template.getMetadata().getLabels())
            .withAnnotations(template.getMetadata().getAnnotations())
            .addNewOwnerReference()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName(deployment.getMetadata().getName())
            .withUid(deployment.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withSpec(template.getSpec())
            .withNewStatus()
            .withPhase("Running")
            .withPodIP("10.0.0." + addresses.incrementAndGet())
            .withStartTime(Instant.now().toString())
            .endStatus()
            .build();
    client.pods().resource(pod).create();
  }

  private static boolean podReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The kubelet reports the pod's model loaded: its readiness probe passes. */
  private void markReady(Pod pod) {
    String value = "True";
    client
        .pods()
        .resource(pod)
        .editStatus(
            p ->
                new PodBuilder(p)
                    .editStatus()
                    .withConditions(
                        new PodConditionBuilder().withType("Ready").withStatus(value).build(),
                        new PodConditionBuilder()
                            .withType("ContainersReady")
                            .withStatus(value)
                            .build())
                    .withContainerStatuses(
                        p.getSpec().getContainers().stream()
                            .map(
                                c ->
                                    new ContainerStatusBuilder()
                                        .withName(c.getName())
                                        .withReady(true)
                                        .withRestartCount(0)
                                        .withNewState()
                                        .withNewRunning()
                                        .withStartedAt(Instant.now().toString())
                                        .endRunning()
                                        .endState()
                                        .build())
                            .toList())
                    .endStatus()
                    .build());
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    controller.shutdownNow();
  }
}
