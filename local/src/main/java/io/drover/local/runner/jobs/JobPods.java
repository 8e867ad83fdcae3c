package io.drover.local.runner.jobs;

import io.drover.local.runner.control.Names;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Job's pods: made from its template as the Job controller makes them, and read back. */
final class JobPods {

  static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
  static final String JOB_NAME = "batch.kubernetes.io/job-name";
  static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  private JobPods() {}

  /**
   * A new pod for the Job: {@code <job>-<random>} ({@code <job>-<index>-<random>} when Indexed),
   * the template's labels and annotations plus the Job's selector labels ({@code controller-uid},
   * {@code job-name}, old and new spellings), owned by the Job.
   */
  static Pod newPod(Job job, Integer index) {
    var template = job.getSpec().getTemplate();
    ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    Map<String, String> labels =
        new HashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
    String uid = job.getMetadata().getUid();
    String name = job.getMetadata().getName();
    labels.put(CONTROLLER_UID, uid);
    labels.put(JOB_NAME, name);
    labels.put("controller-uid", uid);
    labels.put("job-name", name);
    Map<String, String> annotations =
        new HashMap<>(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
    PodSpec spec = Serialization.clone(template.getSpec());
    String prefix = name + "-";
    if (index != null) {
      labels.put(COMPLETION_INDEX, index.toString());
      annotations.put(COMPLETION_INDEX, index.toString());
      prefix = name + "-" + index + "-";
      for (Container container : spec.getContainers()) {
        List<EnvVar> env =
            new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
        env.add(
            new EnvVarBuilder()
                .withName("JOB_COMPLETION_INDEX")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.annotations['" + COMPLETION_INDEX + "']")
                .endFieldRef()
                .endValueFrom()
                .build());
        container.setEnv(env);
      }
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName(Names.generate(prefix))
        .withGenerateName(prefix)
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withName(name)
                .withUid(uid)
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  static String phase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null
        ? "Pending"
        : pod.getStatus().getPhase();
  }

  static boolean isTerminal(Pod pod) {
    String phase = phase(pod);
    return phase.equals("Succeeded") || phase.equals("Failed");
  }

  static boolean isActive(Pod pod) {
    return !isTerminal(pod) && pod.getMetadata().getDeletionTimestamp() == null;
  }

  static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static Optional<Integer> index(Pod pod) {
    String value =
        pod.getMetadata().getAnnotations() == null
            ? null
            : pod.getMetadata().getAnnotations().get(COMPLETION_INDEX);
    try {
      return value == null ? Optional.empty() : Optional.of(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** When the pod finished: its containers' last finish, else its last condition change. */
  static Instant finishedAt(Pod pod) {
    Instant latest = null;
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
        if (status.getState() != null && status.getState().getTerminated() != null) {
          String at = status.getState().getTerminated().getFinishedAt();
          if (at != null) {
            Instant t = Instant.parse(at);
            latest = latest == null || t.isAfter(latest) ? t : latest;
          }
        }
      }
    }
    if (latest == null && pod.getStatus() != null && pod.getStatus().getConditions() != null) {
      for (PodCondition condition : pod.getStatus().getConditions()) {
        if (condition.getLastTransitionTime() != null) {
          Instant t = Instant.parse(condition.getLastTransitionTime());
          latest = latest == null || t.isAfter(latest) ? t : latest;
        }
      }
    }
    if (latest == null && pod.getMetadata().getCreationTimestamp() != null) {
      latest = Instant.parse(pod.getMetadata().getCreationTimestamp());
    }
    return latest == null ? Instant.EPOCH : latest;
  }

  static int restarts(Pod pod) {
    if (pod.getStatus() == null) {
      return 0;
    }
    int sum = 0;
    for (var list :
        List.of(
            Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()),
            Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()))) {
      for (ContainerStatus status : list) {
        sum += status.getRestartCount() == null ? 0 : status.getRestartCount();
      }
    }
    return sum;
  }
}
