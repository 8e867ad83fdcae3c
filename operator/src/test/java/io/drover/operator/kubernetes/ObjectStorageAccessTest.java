package io.drover.operator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.config.FixedStorageConfig;
import io.drover.operator.config.FixedStorageConfig.FixedCache;
import io.drover.operator.inferenceservice.ModelServerBuilder;
import io.drover.operator.testing.DroverTestEnvironment;
import io.drover.operator.trainingrun.TrainingJobBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the operator's {@code drover.storage.*} settings put into the pods that read or write {@code
 * s3://} locations: the trainer Job and the model-server Deployment (the comparison Job is covered
 * in its package).
 */
class ObjectStorageAccessTest {

  static final String DIGEST = "sha256:" + "3f".repeat(32);

  static final FixedStorageConfig MINIO =
      new FixedStorageConfig(
          Optional.of("minio-credentials"),
          Optional.of("http://minio.storage.svc:9000"),
          true,
          Optional.of("eu-west-1"),
          new FixedCache(Optional.empty(), Optional.empty(), "8Gi"));

  @Test
  void aTrainerReadingAndWritingS3GetsTheCredentialsAsSecretReferencesAndTheEndpoint() {
    TrainingJobBuilder builder =
        new TrainingJobBuilder(
            DroverTestEnvironment.trainingConfig("s3://models/bundles"),
            new ObjectStorageAccess(MINIO));
    Container trainer =
        container(builder.build(run("s3://datasets/iris.csv")).getSpec().getTemplate().getSpec());
    Map<String, EnvVar> env = byName(trainer.getEnv());

    assertThat(env.get("DROVER_DATASET_URI").getValue()).isEqualTo("s3://datasets/iris.csv");
    assertThat(env.get("DROVER_OUTPUT_URI").getValue())
        .isEqualTo("s3://models/bundles/iris-classifier/iris-7");
    assertThat(env.get("AWS_ACCESS_KEY_ID").getValue()).isNull();
    assertThat(env.get("AWS_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("minio-credentials");
    assertThat(env.get("AWS_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("AWS_SECRET_ACCESS_KEY");
    assertThat(env.get("AWS_SESSION_TOKEN").getValueFrom().getSecretKeyRef().getOptional())
        .isTrue();
    assertThat(env.get("DROVER_S3_CREDENTIALS_SECRET").getValue()).isEqualTo("minio-credentials");
    assertThat(env.get("DROVER_S3_ENDPOINT").getValue()).isEqualTo("http://minio.storage.svc:9000");
    assertThat(env.get("DROVER_S3_PATH_STYLE").getValue()).isEqualTo("true");
    assertThat(env.get("AWS_REGION").getValue()).isEqualTo("eu-west-1");
  }

  @Test
  void aTrainerUsingOnlyVolumesGetsNoStorageEnvironment() {
    TrainingJobBuilder builder =
        new TrainingJobBuilder(
            DroverTestEnvironment.trainingConfig("pvc://models"), new ObjectStorageAccess(MINIO));
    Container trainer =
        container(builder.build(run("pvc://datasets/iris.csv")).getSpec().getTemplate().getSpec());

    assertThat(byName(trainer.getEnv()))
        .doesNotContainKeys("AWS_ACCESS_KEY_ID", "DROVER_S3_ENDPOINT", "AWS_REGION");
  }

  @Test
  void withoutASecretTheSdkDefaultChainIsLeftToFindCredentials() {
    TrainingJobBuilder builder =
        new TrainingJobBuilder(
            DroverTestEnvironment.trainingConfig("s3://models"), ObjectStorageAccess.defaults());
    Container trainer =
        container(builder.build(run("s3://datasets/iris.csv")).getSpec().getTemplate().getSpec());

    assertThat(byName(trainer.getEnv()))
        .containsKey("DROVER_DATASET_URI")
        .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "DROVER_S3_ENDPOINT");
  }

  @Test
  void aServerOfAnS3BundleGetsTheDigestAndANodeCacheVolume() {
    PodSpec pod = serverPod(MINIO, "s3://models/iris-classifier/iris-7");
    Container server = container(pod);
    Map<String, EnvVar> env = byName(server.getEnv());

    assertThat(env.get("DROVER_MODEL_URI").getValue())
        .isEqualTo("s3://models/iris-classifier/iris-7");
    assertThat(env.get("DROVER_BUNDLE_DIGEST").getValue()).isEqualTo(DIGEST);
    assertThat(env.get("DROVER_BUNDLE_CACHE").getValue()).isEqualTo(ObjectStorageAccess.CACHE_PATH);
    assertThat(env.get("AWS_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("minio-credentials");
    Volume cache = volume(pod, ObjectStorageAccess.CACHE_VOLUME);
    assertThat(cache.getEmptyDir().getSizeLimit().toString()).isEqualTo("8Gi");
    assertThat(server.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo(ObjectStorageAccess.CACHE_VOLUME);
              assertThat(m.getMountPath()).isEqualTo(ObjectStorageAccess.CACHE_PATH);
            });
  }

  @Test
  void aHostPathCacheOutlivesThePodOnItsNode() {
    FixedStorageConfig hostCache =
        new FixedStorageConfig(
            Optional.empty(),
            Optional.empty(),
            false,
            Optional.empty(),
            new FixedCache(Optional.of("/var/cache/drover"), Optional.empty(), "4Gi"));
    Volume cache =
        volume(serverPod(hostCache, "s3://models/iris"), ObjectStorageAccess.CACHE_VOLUME);

    assertThat(cache.getHostPath().getPath()).isEqualTo("/var/cache/drover");
    assertThat(cache.getEmptyDir()).isNull();
  }

  @Test
  void aServerOfAVolumeBundleHasNoCacheAndNoStorageEnvironment() {
    PodSpec pod = serverPod(MINIO, "pvc://models/iris-classifier/iris-7");

    assertThat(pod.getVolumes())
        .noneMatch(v -> v.getName().equals(ObjectStorageAccess.CACHE_VOLUME));
    assertThat(byName(container(pod).getEnv()))
        .doesNotContainKeys("DROVER_BUNDLE_CACHE", "AWS_ACCESS_KEY_ID", "DROVER_S3_ENDPOINT");
  }

  private static PodSpec serverPod(FixedStorageConfig storage, String artifact) {
    InferenceService service =
        Serialization.unmarshal(
            """
            apiVersion: drover.io/v1alpha1
            kind: InferenceService
            metadata: {name: iris, namespace: ml, uid: 1c-uid}
            spec:
              model: {name: iris-classifier, version: 7}
            """,
            InferenceService.class);
    VariantStatus variant =
        new VariantStatus(
            "iris-v7", "iris-classifier-v7", 7, artifact, DIGEST, 1, 0, 0, 100, null, null, null);
    return new ModelServerBuilder(
            DroverTestEnvironment.servingConfig(), new ObjectStorageAccess(storage))
        .deployment(service, variant)
        .getSpec()
        .getTemplate()
        .getSpec();
  }

  private static TrainingRun run(String dataset) {
    return Serialization.unmarshal(
        """
        apiVersion: drover.io/v1alpha1
        kind: TrainingRun
        metadata: {name: iris-7, namespace: ml, uid: 0b5e-uid}
        spec:
          model: iris-classifier
          dataset: {uri: "%s"}
        """
            .formatted(dataset),
        TrainingRun.class);
  }

  private static Container container(PodSpec pod) {
    return pod.getContainers().get(0);
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, EnvVar> byName(List<EnvVar> env) {
    return env.stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }
}
