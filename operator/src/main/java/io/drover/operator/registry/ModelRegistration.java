package io.drover.operator.registry;

import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.kubernetes.DroverLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Registers a succeeded run's model as the next ModelVersion of its model, by creating the API
 * object and nothing more: the registry's controller takes it from there. A version number is
 * claimed by creating the object named {@code <model>-v<n>}: the API server lets only one create
 * win, so two runs finishing at the same moment get distinct numbers. A run that already registered
 * (the operator restarted before recording it) gets its existing version back.
 *
 * <p>Versions are read from an informer cache. A cache behind the API can only make a number look
 * free that is taken: the create then fails with 409, and the taken object is read from the API to
 * see whether it is this run's own (created by an earlier attempt) before trying the next number.
 */
public final class ModelRegistration {

  private static final int MAX_ATTEMPTS = 20;

  private final String trainerImage;

  public ModelRegistration(String trainerImage) {
    this.trainerImage = trainerImage;
  }

  /** An informer of every ModelVersion, mapping each to the run it was registered from. */
  public static <P extends HasMetadata> InformerEventSource<ModelVersion, P> informer(
      Class<P> primary, EventSourceContext<P> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(ModelVersion.class, primary)
            .withName("registered-versions")
            .withItemStore(new RegistryItemStore())
            .withSecondaryToPrimaryMapper(
                version ->
                    Optional.ofNullable(version.getSpec())
                        .map(spec -> spec.source())
                        .map(source -> source.trainingRun())
                        .map(
                            run ->
                                Set.of(new ResourceID(run, version.getMetadata().getNamespace())))
                        .orElse(Set.of()))
            .build(),
        context);
  }

  /** {@code <model>-v<version>}: creating it is how a version number is claimed. */
  public static String versionName(String model, int version) {
    return model + "-v" + version;
  }

  /** Returns the name of the run's ModelVersion, creating it if the run has none yet. */
  public String register(
      KubernetesClient client, InformerEventSource<ModelVersion, ?> versions, TrainingRun run) {
    String namespace = run.getMetadata().getNamespace();
    Optional<ModelVersion> existing = versions.list(namespace, v -> isFrom(v, run)).findFirst();
    if (existing.isPresent()) {
      return existing.get().getMetadata().getName();
    }
    int next = highestVersion(versions, namespace, run.getSpec().model()) + 1;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++, next++) {
      ModelVersion version = RegisteredVersionBuilder.build(run, next, trainerImage);
      try {
        ModelVersion created = client.resource(version).create();
        versions.handleRecentResourceCreate(ResourceID.fromResource(created), created);
        return created.getMetadata().getName();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        ModelVersion taken = client.resource(version).get();
        if (taken != null && isFrom(taken, run)) {
          return taken.getMetadata().getName();
        }
      }
    }
    throw new IllegalStateException(
        "could not claim a version number for model %s after %d attempts"
            .formatted(run.getSpec().model(), MAX_ATTEMPTS));
  }

  /** Registered from this run: its lineage and its label name the run. */
  private static boolean isFrom(ModelVersion version, TrainingRun run) {
    var labels = version.getMetadata().getLabels();
    return version.getSpec() != null
        && version.getSpec().source() != null
        && Objects.equals(version.getSpec().source().trainingRun(), run.getMetadata().getName())
        && labels != null
        && Objects.equals(
            labels.get(DroverLabels.TRAINING_RUN_LABEL),
            DroverLabels.trainingRunLabelValue(run.getMetadata().getName()));
  }

  /** Counts hand-made (imported) versions too, which may carry no Drover labels. */
  private static int highestVersion(
      InformerEventSource<ModelVersion, ?> versions, String namespace, String model) {
    return versions
        .list(
            namespace,
            v ->
                v.getSpec() != null
                    && model.equals(v.getSpec().model())
                    && v.getSpec().version() != null)
        .mapToInt(v -> v.getSpec().version())
        .max()
        .orElse(0);
  }
}
