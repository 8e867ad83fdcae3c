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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Plays the Deployment (and ReplicaSet) controller and the kubelet for Deployments, through the API
 * as they do: each Deployment gets one pod per replica (labels from its template, an owner
 * reference, a pod IP), pods of a scaled-down Deployment are deleted, pods turn Ready when the test
 * says their model is ready, and the Deployment's status reports replicas, readyReplicas,
 * availableReplicas and observedGeneration as the real controller does. The Fabric8 mock API server
 * has none of these controllers (nor garbage collection: pods of a deleted Deployment are deleted
 * here).
 */
public final class DeploymentControllerSimulator implements AutoCloseable {

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, Boolean> ready = new ConcurrentHashMap<>();
  private final AtomicInteger addresses = new AtomicInteger(10);
  private volatile Predicate<Deployment> readyByDefault = d -> true;
  private final Thread loop;
  private volatile boolean running = true;

  public DeploymentControllerSimulator(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.loop = new Thread(this::run, "deployment-controller");
    loop.setDaemon(true);
    loop.start();
  }

  /** Whether the pods of this Deployment report Ready (their model loaded); default: yes. */
  public void setReady(String deployment, boolean isReady) {
    ready.put(deployment, isReady);
  }

  public void readyByDefault(Predicate<Deployment> rule) {
    readyByDefault = rule;
  }

  private void run() {
    while (running) {
      try {
        reconcileOnce();
      } catch (KubernetesClientException e) {
        // A write raced with the operator's: the next round sees the newer object.
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
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
    String name = deployment.getMetadata().getName();
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
    boolean isReady = ready.getOrDefault(name, readyByDefault.test(deployment));
    for (Pod pod : own.subList(0, Math.min(wanted, own.size()))) {
      if (podReady(pod) != isReady) {
        setPodReady(pod, isReady);
      }
    }
    int readyCount = isReady ? Math.min(wanted, own.size()) : 0;
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

  private void setPodReady(Pod pod, boolean isReady) {
    String value = isReady ? "True" : "False";
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
                                        .withReady(isReady)
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
    running = false;
    loop.interrupt();
  }
}
