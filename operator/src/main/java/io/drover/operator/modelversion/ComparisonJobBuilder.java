package io.drover.operator.modelversion;

import io.drover.contract.TrainerEnvironment;
import io.drover.contract.bundle.ModelBundles;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.kubernetes.DroverLabels;
import io.drover.operator.kubernetes.ObjectStorageAccess;
import io.drover.operator.kubernetes.RestrictedSecurity;
import io.drover.operator.kubernetes.StorageMounts;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Job that evaluates a candidate and the current Production version on the same rows: the
 * candidate's held-out test split, which neither model was trained on. One pod, two containers
 * running the trainer's evaluate mode; each reports its metrics in its termination message.
 */
final class ComparisonJobBuilder {

  static final String CANDIDATE = "candidate";
  static final String PRODUCTION = "production";
  static final String COMPONENT = "comparison";

  /** Names the Production version a comparison Job evaluates against. */
  static final String COMPARED_WITH_ANNOTATION = "drover.io/compared-with";

  private static final long TTL_SECONDS = 3600;

  private final String trainerImage;
  private final long runAsUser;
  private final ObjectStorageAccess objectStorage;

  ComparisonJobBuilder(String trainerImage, long runAsUser) {
    this(trainerImage, runAsUser, ObjectStorageAccess.defaults());
  }

  ComparisonJobBuilder(String trainerImage, long runAsUser, ObjectStorageAccess objectStorage) {
    this.trainerImage = trainerImage;
    this.runAsUser = runAsUser;
    this.objectStorage = objectStorage;
  }

  /** Where the comparison reads its rows: the test split the candidate's trainer set aside. */
  static String testDataUri(ModelVersion candidate) {
    return candidate.getSpec().artifact().uri().replaceAll("/+$", "")
        + "/"
        + ModelBundles.TEST_DATA_FILE;
  }

  Job build(ModelVersion candidate, ModelVersion production) {
    StorageMounts storage = new StorageMounts();
    String data = storage.input(testDataUri(candidate));
    String candidateBundle = storage.input(candidate.getSpec().artifact().uri());
    String productionBundle = storage.input(production.getSpec().artifact().uri());
    List<VolumeMount> mounts = new ArrayList<>(storage.mounts());
    mounts.add(new VolumeMountBuilder().withName("scratch").withMountPath("/tmp").build());
    Map<String, String> labels =
        Map.of(
            DroverLabels.MODEL_LABEL,
            candidate.getSpec().model(),
            DroverLabels.MANAGED_BY_LABEL,
            DroverLabels.MANAGED_BY,
            DroverLabels.COMPONENT_LABEL,
            COMPONENT);
    Map<String, String> annotations =
        Map.of(
            ModelVersionReconciler.VERSION_ANNOTATION,
            candidate.getMetadata().getName(),
            COMPARED_WITH_ANNOTATION,
            production.getMetadata().getName());

    return new JobBuilder()
        .withNewMetadata()
        .withName(ModelVersionResources.comparisonJobName(candidate))
        .withNamespace(candidate.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(candidate.getApiVersion())
                .withKind(candidate.getKind())
                .withName(candidate.getMetadata().getName())
                .withUid(candidate.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withTtlSecondsAfterFinished((int) TTL_SECONDS)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(RestrictedSecurity.pod(runAsUser))
        .withContainers(
            evaluator(CANDIDATE, candidate, candidateBundle, data, mounts),
            evaluator(PRODUCTION, production, productionBundle, data, mounts))
        .withVolumes(storage.volumes())
        .addNewVolume()
        .withName("scratch")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private Container evaluator(
      String name, ModelVersion version, String bundle, String data, List<VolumeMount> mounts) {
    List<EnvVar> env =
        new ArrayList<>(
            List.of(
                new EnvVar(TrainerEnvironment.MODE, TrainerEnvironment.MODE_EVALUATE, null),
                new EnvVar(TrainerEnvironment.RUN, version.getMetadata().getName(), null),
                new EnvVar(TrainerEnvironment.MODEL, version.getSpec().model(), null),
                new EnvVar(TrainerEnvironment.BUNDLE_URI, bundle, null),
                new EnvVar(TrainerEnvironment.DATASET_URI, data, null)));
    // The evaluated bundle is checked against the digest the registry holds, wherever it is.
    env.addAll(ObjectStorageAccess.bundleDigest(version.getSpec().artifact().digest()));
    // Each evaluator reads its version's bundle with that version's credentials.
    env.addAll(objectStorage.environment(version.getSpec().storage(), bundle, data));
    return new ContainerBuilder()
        .withName(name)
        .withImage(trainerImage)
        .withEnv(env)
        .withVolumeMounts(mounts)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withSecurityContext(RestrictedSecurity.container())
        .build();
  }
}
