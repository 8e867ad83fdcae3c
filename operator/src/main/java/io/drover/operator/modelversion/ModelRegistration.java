package io.drover.operator.modelversion;

import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.trainingrun.TrainingRunResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.Optional;

/**
 * Registers a succeeded run's model as the next ModelVersion of its model. A version number is
 * claimed by creating the object named {@code <model>-v<n>}: the API server lets only one create
 * win, so two runs finishing at the same moment get distinct numbers. A run that already registered
 * (the operator restarted before recording it) gets its existing version back.
 */
public final class ModelRegistration {

  private static final int MAX_ATTEMPTS = 20;

  private final String trainerImage;

  public ModelRegistration(String trainerImage) {
    this.trainerImage = trainerImage;
  }

  /**
   * Returns the name of the run's ModelVersion, creating it if the run has none yet. Reads the API,
   * not a cache: a version created a moment ago must count.
   */
  public String register(KubernetesClient client, TrainingRun run) {
    String namespace = run.getMetadata().getNamespace();
    Optional<ModelVersion> existing = registeredFrom(client, run);
    if (existing.isPresent()) {
      return existing.get().getMetadata().getName();
    }
    int next = highestVersion(client, namespace, run.getSpec().model()) + 1;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++, next++) {
      ModelVersion version = RegisteredVersionBuilder.build(run, next, trainerImage);
      try {
        return client.resource(version).create().getMetadata().getName();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    throw new IllegalStateException(
        "could not claim a version number for model %s after %d attempts"
            .formatted(run.getSpec().model(), MAX_ATTEMPTS));
  }

  private static Optional<ModelVersion> registeredFrom(KubernetesClient client, TrainingRun run) {
    String runLabel = TrainingRunResources.labels(run).get(TrainingRunResources.RUN_LABEL);
    return client
        .resources(ModelVersion.class)
        .inNamespace(run.getMetadata().getNamespace())
        .withLabel(TrainingRunResources.RUN_LABEL, runLabel)
        .list()
        .getItems()
        .stream()
        .filter(
            v ->
                v.getSpec().source() != null
                    && Objects.equals(
                        v.getSpec().source().trainingRun(), run.getMetadata().getName()))
        .findFirst();
  }

  /** Counts hand-made (imported) versions too, which may carry no Drover labels. */
  private static int highestVersion(KubernetesClient client, String namespace, String model) {
    return client.resources(ModelVersion.class).inNamespace(namespace).list().getItems().stream()
        .filter(v -> model.equals(v.getSpec().model()) && v.getSpec().version() != null)
        .mapToInt(v -> v.getSpec().version())
        .max()
        .orElse(0);
  }
}
