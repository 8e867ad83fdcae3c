package io.drover.local.runner.deployments;

import io.drover.local.runner.control.Keys;
import io.drover.local.runner.control.Names;
import io.drover.local.runner.control.ReconcileLoop;
import io.drover.local.runner.control.Timestamps;
import io.drover.local.runner.events.EventRecorder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Plays the Deployment controller (apps/v1) with one pod standing for all replicas: two cores
 * cannot run a JVM per replica per version. With {@code replicas: 0} there is no pod; otherwise one
 * pod of the current template, named {@code <deployment>-<pod-template-hash>-<random>} and owned by
 * the Deployment itself (there are no ReplicaSet objects: the hash names the replica set that would
 * exist). A template change rolls out as a RollingUpdate does: the new pod starts, the old one is
 * deleted once the new one is Ready (with {@code Recreate}, the old one goes first).
 *
 * <p>The status is computed as the real controller computes it, counting each pod as {@code
 * spec.replicas} replicas: a ready pod makes {@code readyReplicas} equal {@code spec.replicas}, and
 * during a rollout both pods count, so {@code replicas} reads twice the spec. Conditions {@code
 * Available} and {@code Progressing} carry the real reasons and messages, and {@code
 * progressDeadlineSeconds} times a rollout out.
 */
public final class DeploymentController implements AutoCloseable {

  static final String HASH_LABEL = "pod-template-hash";
  private static final String COMPONENT = "deployment-controller";

  private final KubernetesClient client;
  private final Indexer<Deployment> deployments;
  private final EventRecorder events;
  private final ReconcileLoop loop;

  public DeploymentController(
      KubernetesClient client, Indexer<Deployment> deployments, EventRecorder events) {
    this.client = client;
    this.deployments = deployments;
    this.events = events;
    this.loop = new ReconcileLoop("local-deployment-controller", this::reconcile);
  }

  public void start() {
    loop.start();
  }

  public void deploymentChanged(Deployment deployment) {
    loop.enqueue(Keys.of(deployment));
  }

  public void podChanged(Pod pod) {
    Keys.controller(pod, "Deployment")
        .ifPresent(
            owner -> loop.enqueue(Keys.of(pod.getMetadata().getNamespace(), owner.getName())));
  }

  private void reconcile(String key) {
    Deployment deployment = deployments.getByKey(key);
    if (deployment == null) {
      return;
    }
    Instant now = Instant.now();
    int replicas =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    String hash = TemplateHash.of(deployment.getSpec().getTemplate());
    String replicaSet = deployment.getMetadata().getName() + "-" + hash;
    boolean paused = Boolean.TRUE.equals(deployment.getSpec().getPaused());
    boolean recreate =
        deployment.getSpec().getStrategy() != null
            && "Recreate".equals(deployment.getSpec().getStrategy().getType());

    List<Pod> owned = podsOf(deployment);
    List<Pod> live = new ArrayList<>(owned.stream().filter(DeploymentController::isLive).toList());
    boolean terminatingLeft =
        owned.stream().anyMatch(p -> p.getMetadata().getDeletionTimestamp() != null);
    List<Pod> current = new ArrayList<>(live.stream().filter(p -> hash.equals(label(p))).toList());
    List<Pod> old = new ArrayList<>(live.stream().filter(p -> !hash.equals(label(p))).toList());
    boolean createdReplicaSet = false;

    if (replicas == 0) {
      scaleDown(deployment, live, replicas);
      live.clear();
      current.clear();
      old.clear();
    } else {
      if (current.size() > 1) {
        current.sort(
            Comparator.comparing((Pod p) -> !isReady(p))
                .thenComparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())));
        List<Pod> extra = new ArrayList<>(current.subList(1, current.size()));
        delete(extra);
        current.removeAll(extra);
        live.removeAll(extra);
      }
      if (current.isEmpty() && !paused) {
        if (recreate && !old.isEmpty()) {
          scaleDown(deployment, old, replicas);
          live.removeAll(old);
          old.clear();
        } else if (!recreate || !terminatingLeft) {
          Pod created = create(deployment, hash);
          events.normal(
              source(deployment),
              "ScalingReplicaSet",
              "Scaled up replica set " + replicaSet + " from 0 to " + replicas);
          current.add(created);
          live.add(created);
          createdReplicaSet = true;
        }
      }
      if (!paused && !current.isEmpty()) {
        // Old pods go once the new one is ready; those that are not ready serve nobody and go now.
        boolean newReady = isReady(current.get(0));
        List<Pod> leaving = old.stream().filter(p -> newReady || !isReady(p)).toList();
        scaleDown(deployment, leaving, replicas);
        live.removeAll(leaving);
        old.removeAll(leaving);
      }
    }

    DeploymentStatus previous =
        deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
    DeploymentStatus status = status(deployment, replicas, live, current, now);
    progress(deployment, previous, status, replicaSet, createdReplicaSet, paused, now);
    if (!Objects.equals(status, deployment.getStatus())) {
      client
          .apps()
          .deployments()
          .inNamespace(deployment.getMetadata().getNamespace())
          .withName(deployment.getMetadata().getName())
          .editStatus(
              d -> {
                if (!deployment.getMetadata().getUid().equals(d.getMetadata().getUid())) {
                  return d;
                }
                d.setStatus(status);
                return d;
              });
    }
    requeueForTime(key, deployment, live, status, now);
  }

  private DeploymentStatus status(
      Deployment deployment, int replicas, List<Pod> live, List<Pod> current, Instant now) {
    int minReady =
        deployment.getSpec().getMinReadySeconds() == null
            ? 0
            : deployment.getSpec().getMinReadySeconds();
    int total = replicas * live.size();
    int updated = replicas * current.size();
    int ready = replicas * (int) live.stream().filter(DeploymentController::isReady).count();
    int available =
        replicas * (int) live.stream().filter(p -> isAvailable(p, minReady, now)).count();
    int unavailable = Math.max(0, total - available);
    if (live.isEmpty()) {
      unavailable = replicas;
    }
    DeploymentStatus status =
        deployment.getStatus() == null
            ? new DeploymentStatus()
            : Serialization.clone(deployment.getStatus());
    status.setObservedGeneration(deployment.getMetadata().getGeneration());
    status.setReplicas(total == 0 ? null : total);
    status.setUpdatedReplicas(updated == 0 ? null : updated);
    status.setReadyReplicas(ready == 0 ? null : ready);
    status.setAvailableReplicas(available == 0 ? null : available);
    status.setUnavailableReplicas(unavailable == 0 ? null : unavailable);
    if (available >= replicas - maxUnavailable(deployment, replicas)) {
      set(
          status,
          condition(
              "Available",
              "True",
              "MinimumReplicasAvailable",
              "Deployment has minimum availability.",
              now));
    } else {
      set(
          status,
          condition(
              "Available",
              "False",
              "MinimumReplicasUnavailable",
              "Deployment does not have minimum availability.",
              now));
    }
    return status;
  }

  /** The controller's {@code syncRolloutStatus}: complete, progressing, or timed out. */
  private void progress(
      Deployment deployment,
      DeploymentStatus previous,
      DeploymentStatus status,
      String replicaSet,
      boolean created,
      boolean paused,
      Instant now) {
    int replicas =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    Optional<DeploymentCondition> currentCondition = condition(status, "Progressing");
    if (paused) {
      set(
          status,
          condition("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now));
      return;
    }
    if (currentCondition.map(c -> "DeploymentPaused".equals(c.getReason())).orElse(false)) {
      set(
          status,
          condition("Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed", now));
    }
    if (created) {
      set(
          status,
          condition(
              "Progressing",
              "True",
              "NewReplicaSetCreated",
              "Created new replica set \"" + replicaSet + "\"",
              now));
      return;
    }
    boolean complete =
        n(status.getUpdatedReplicas()) == replicas
            && n(status.getReplicas()) == replicas
            && n(status.getAvailableReplicas()) == replicas;
    if (complete) {
      set(
          status,
          condition(
              "Progressing",
              "True",
              "NewReplicaSetAvailable",
              "ReplicaSet \"" + replicaSet + "\" has successfully progressed.",
              now));
      return;
    }
    int oldBefore = n(previous.getReplicas()) - n(previous.getUpdatedReplicas());
    int oldNow = n(status.getReplicas()) - n(status.getUpdatedReplicas());
    boolean progressing =
        n(status.getUpdatedReplicas()) > n(previous.getUpdatedReplicas())
            || oldNow < oldBefore
            || n(status.getReadyReplicas()) > n(previous.getReadyReplicas())
            || n(status.getAvailableReplicas()) > n(previous.getAvailableReplicas());
    Optional<DeploymentCondition> existing = condition(status, "Progressing");
    if (progressing || existing.isEmpty()) {
      DeploymentCondition updated =
          condition(
              "Progressing",
              "True",
              "ReplicaSetUpdated",
              "ReplicaSet \"" + replicaSet + "\" is progressing.",
              now);
      if (existing.isPresent() && "True".equals(existing.get().getStatus())) {
        updated.setLastTransitionTime(existing.get().getLastTransitionTime());
      }
      remove(status, "Progressing");
      set(status, updated);
      return;
    }
    if (timedOut(deployment, existing.get(), now)) {
      set(
          status,
          condition(
              "Progressing",
              "False",
              "ProgressDeadlineExceeded",
              "ReplicaSet \"" + replicaSet + "\" has timed out progressing.",
              now));
    }
  }

  private static boolean timedOut(
      Deployment deployment, DeploymentCondition progressing, Instant now) {
    if ("NewReplicaSetAvailable".equals(progressing.getReason())) {
      return false;
    }
    if ("ProgressDeadlineExceeded".equals(progressing.getReason())) {
      return true;
    }
    Integer deadline = deployment.getSpec().getProgressDeadlineSeconds();
    Instant from = Timestamps.parse(progressing.getLastUpdateTime());
    return from != null && now.isAfter(from.plusSeconds(deadline == null ? 600 : deadline));
  }

  private void requeueForTime(
      String key, Deployment deployment, List<Pod> live, DeploymentStatus status, Instant now) {
    int minReady =
        deployment.getSpec().getMinReadySeconds() == null
            ? 0
            : deployment.getSpec().getMinReadySeconds();
    if (minReady > 0) {
      for (Pod pod : live) {
        readySince(pod)
            .ifPresent(
                since -> {
                  Instant availableAt = since.plusSeconds(minReady);
                  if (availableAt.isAfter(now)) {
                    loop.enqueueAfter(key, Duration.between(now, availableAt).plusMillis(50));
                  }
                });
      }
    }
    condition(status, "Progressing")
        .filter(
            c -> "True".equals(c.getStatus()) && !"NewReplicaSetAvailable".equals(c.getReason()))
        .map(c -> Timestamps.parse(c.getLastUpdateTime()))
        .ifPresent(
            from -> {
              Integer deadline = deployment.getSpec().getProgressDeadlineSeconds();
              Instant at = from.plusSeconds(deadline == null ? 600 : deadline);
              loop.enqueueAfter(key, Duration.between(now, at).plusMillis(1_050));
            });
  }

  /** MaxUnavailable of a RollingUpdate (25% by default, rounded down); 0 for Recreate. */
  private static int maxUnavailable(Deployment deployment, int replicas) {
    var strategy = deployment.getSpec().getStrategy();
    if (replicas == 0 || (strategy != null && "Recreate".equals(strategy.getType()))) {
      return 0;
    }
    IntOrString value =
        strategy == null || strategy.getRollingUpdate() == null
            ? null
            : strategy.getRollingUpdate().getMaxUnavailable();
    int result;
    if (value == null) {
      result = replicas / 4;
    } else if (value.getIntVal() != null) {
      result = value.getIntVal();
    } else {
      String text = value.getStrVal();
      result =
          text.endsWith("%")
              ? replicas * Integer.parseInt(text.substring(0, text.length() - 1)) / 100
              : Integer.parseInt(text);
    }
    return Math.min(result, replicas);
  }

  private Pod create(Deployment deployment, String hash) {
    var template = deployment.getSpec().getTemplate();
    ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    Map<String, String> labels =
        new HashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
    labels.put(HASH_LABEL, hash);
    String prefix = deployment.getMetadata().getName() + "-" + hash + "-";
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(Names.generate(prefix))
            .withGenerateName(prefix)
            .withNamespace(deployment.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(meta.getAnnotations())
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("apps/v1")
                    .withKind("Deployment")
                    .withName(deployment.getMetadata().getName())
                    .withUid(deployment.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .endMetadata()
            .withSpec(Serialization.clone(template.getSpec()))
            .build();
    return client.pods().resource(pod).create();
  }

  private void scaleDown(Deployment deployment, List<Pod> pods, int replicas) {
    Map<String, Integer> byHash = new HashMap<>();
    pods.forEach(p -> byHash.merge(label(p), 1, Integer::sum));
    delete(pods);
    byHash
        .keySet()
        .forEach(
            hash ->
                events.normal(
                    source(deployment),
                    "ScalingReplicaSet",
                    "Scaled down replica set "
                        + deployment.getMetadata().getName()
                        + "-"
                        + hash
                        + " from "
                        + Math.max(1, replicas)
                        + " to 0"));
  }

  private void delete(List<Pod> pods) {
    for (Pod pod : pods) {
      try {
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .delete();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
      }
    }
  }

  private List<Pod> podsOf(Deployment deployment) {
    // Read from the API, not a cache: a pod created a moment ago must be seen.
    return client
        .pods()
        .inNamespace(deployment.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(p -> Keys.controlledBy(p, deployment))
        .toList();
  }

  private static boolean isLive(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return pod.getMetadata().getDeletionTimestamp() == null
        && !"Succeeded".equals(phase)
        && !"Failed".equals(phase);
  }

  private static String label(Pod pod) {
    return pod.getMetadata().getLabels() == null
        ? null
        : pod.getMetadata().getLabels().get(HASH_LABEL);
  }

  static boolean isReady(Pod pod) {
    return readySince(pod).isPresent();
  }

  private static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
    return readySince(pod)
        .map(since -> !since.plusSeconds(minReadySeconds).isAfter(now))
        .orElse(false);
  }

  private static Optional<Instant> readySince(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(PodCondition::getLastTransitionTime)
        .map(t -> t == null ? Instant.EPOCH : Instant.parse(t))
        .findFirst();
  }

  private static DeploymentCondition condition(
      String type, String status, String reason, String message, Instant now) {
    String at = Timestamps.format(now);
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastUpdateTime(at)
        .withLastTransitionTime(at)
        .build();
  }

  private static Optional<DeploymentCondition> condition(DeploymentStatus status, String type) {
    return status.getConditions() == null
        ? Optional.empty()
        : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** The controller's {@code SetDeploymentCondition}: a changed condition moves to the end. */
  private static void set(DeploymentStatus status, DeploymentCondition condition) {
    Optional<DeploymentCondition> current = condition(status, condition.getType());
    if (current.isPresent()
        && current.get().getStatus().equals(condition.getStatus())
        && Objects.equals(current.get().getReason(), condition.getReason())) {
      return;
    }
    if (current.isPresent() && current.get().getStatus().equals(condition.getStatus())) {
      condition.setLastTransitionTime(current.get().getLastTransitionTime());
    }
    remove(status, condition.getType());
    List<DeploymentCondition> conditions =
        new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
    conditions.add(condition);
    status.setConditions(conditions);
  }

  private static void remove(DeploymentStatus status, String type) {
    if (status.getConditions() != null) {
      status.setConditions(
          new ArrayList<>(
              status.getConditions().stream().filter(c -> !type.equals(c.getType())).toList()));
    }
  }

  private static int n(Integer value) {
    return value == null ? 0 : value;
  }

  private static EventRecorder.Source source(Deployment deployment) {
    return new EventRecorder.Source(COMPONENT, deployment, null);
  }

  @Override
  public void close() {
    loop.close();
  }
}
