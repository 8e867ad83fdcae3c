package io.drover.operator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.config.FixedStorageConfig;
import io.drover.operator.inferenceservice.ModelServerBuilder;
import io.drover.operator.testing.DroverTestEnvironment;
import io.drover.operator.trainingrun.TrainingJobBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Which Secret the pods' credentials come from when a resource names its own in {@code
 * spec.storage}: the resource's wins over the operator's setting; a model server takes its
 * service's, else the served ModelVersion's, else the operator's. And the pods that touch an s3://
 * feedback data set get the storage environment even when their other locations are volumes.
 */
class ObjectStorageCredentialsTest {

  static final FixedStorageConfig MINIO = ObjectStorageAccessTest.MINIO;
  static final String DIGEST = ObjectStorageAccessTest.DIGEST;

  @Test
  void aRunsOwnSecretWinsOverTheOperatorsInTheTrainerJob() {
    Map<String, EnvVar> env = trainerEnv(MINIO, run("s3://datasets/iris.csv", "team-s3", null));

    assertCredentialsFrom(env, "team-s3");
    assertThat(env.get("DROVER_S3_ENDPOINT").getValue())
        .as("the endpoint stays the operator's")
        .isEqualTo("http://minio.storage.svc:9000");
  }

  @Test
  void aRunsOwnSecretIsUsedWhenTheOperatorNamesNone() {
    assertCredentialsFrom(
        trainerEnv(FixedStorageConfig.NONE, run("s3://datasets/iris.csv", "team-s3", null)),
        "team-s3");
  }

  @Test
  void aRunWithoutItsOwnSecretUsesTheOperators() {
    assertCredentialsFrom(
        trainerEnv(MINIO, run("s3://datasets/iris.csv", null, null)), "minio-credentials");
  }

  @Test
  void aFeedbackSourceInABucketBringsTheStorageEnvironmentToAVolumeRun() {
    Map<String, EnvVar> env =
        trainerEnv(MINIO, run("pvc://datasets/iris.csv", "team-s3", "s3://feedback/iris"));

    assertThat(env.get("DROVER_DATASET_SOURCES").getValue()).contains("s3://feedback/iris");
    assertCredentialsFrom(env, "team-s3");
  }

  @Test
  void aServicesOwnSecretWinsOverTheServedVersionsAndTheOperators() {
    Map<String, EnvVar> env =
        serverEnv(serverPod(service("storage: {secretName: serving-s3}", ""), "version-s3"));

    assertCredentialsFrom(env, "serving-s3");
  }

  @Test
  void withoutItsOwnTheServerUsesTheServedVersionsSecret() {
    assertCredentialsFrom(serverEnv(serverPod(service("", ""), "version-s3")), "version-s3");
  }

  @Test
  void withNeitherTheServerUsesTheOperatorsSecret() {
    assertCredentialsFrom(serverEnv(serverPod(service("", ""), null)), "minio-credentials");
  }

  @Test
  void anS3FeedbackSetGivesAVolumeServerTheStorageEnvironmentButNoBundleCache() {
    PodSpec pod =
        serverPod(
            service("storage: {secretName: serving-s3}", "s3://feedback/iris"),
            "pvc://models/iris-classifier/iris-7",
            null);
    Map<String, EnvVar> env = serverEnv(pod);

    assertThat(env.get("DROVER_FEEDBACK_DIR").getValue()).isEqualTo("s3://feedback/iris");
    assertThat(env.get("DROVER_MODEL_URI").getValue())
        .isEqualTo(StorageMounts.MOUNT_ROOT + "models/iris-classifier/iris-7");
    assertCredentialsFrom(env, "serving-s3");
    assertThat(env.get("DROVER_S3_ENDPOINT").getValue()).isEqualTo("http://minio.storage.svc:9000");
    assertThat(env).doesNotContainKeys("DROVER_BUNDLE_CACHE", "DROVER_BUNDLE_DIGEST");
    assertThat(pod.getVolumes())
        .noneMatch(v -> v.getName().equals(ObjectStorageAccess.CACHE_VOLUME))
        .as("the feedback set is not mounted")
        .noneMatch(
            v ->
                v.getPersistentVolumeClaim() != null
                    && v.getPersistentVolumeClaim().getClaimName().equals("feedback"));
  }

  @Test
  void aVolumeFeedbackSetAndBundleGiveNoStorageEnvironment() {
    Map<String, EnvVar> env =
        serverEnv(
            serverPod(
                service("storage: {secretName: serving-s3}", "pvc://feedback/iris"),
                "pvc://models/iris-classifier/iris-7",
                null));

    assertThat(env).doesNotContainKeys("AWS_ACCESS_KEY_ID", "DROVER_S3_ENDPOINT");
  }

  private static void assertCredentialsFrom(Map<String, EnvVar> env, String secret) {
    for (String key : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")) {
      assertThat(env.get(key).getValue()).as(key).isNull();
      assertThat(env.get(key).getValueFrom().getSecretKeyRef().getName()).as(key).isEqualTo(secret);
      assertThat(env.get(key).getValueFrom().getSecretKeyRef().getKey()).isEqualTo(key);
    }
    assertThat(env.get("DROVER_S3_CREDENTIALS_SECRET").getValue()).isEqualTo(secret);
  }

  private static Map<String, EnvVar> trainerEnv(FixedStorageConfig config, TrainingRun run) {
    TrainingJobBuilder builder =
        new TrainingJobBuilder(
            DroverTestEnvironment.trainingConfig("s3://models/bundles"),
            new ObjectStorageAccess(config));
    return byName(
        builder.build(run).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv());
  }

  private static Map<String, EnvVar> serverEnv(PodSpec pod) {
    return byName(pod.getContainers().get(0).getEnv());
  }

  private static PodSpec serverPod(InferenceService service, String versionSecret) {
    return serverPod(service, "s3://models/iris-classifier/iris-7", versionSecret);
  }

  private static PodSpec serverPod(
      InferenceService service, String artifact, String versionSecret) {
    VariantStatus variant =
        new VariantStatus(
            "iris-v7",
            "iris-classifier-v7",
            7,
            artifact,
            DIGEST,
            1,
            0,
            0,
            100,
            null,
            null,
            versionSecret);
    return new ModelServerBuilder(
            DroverTestEnvironment.servingConfig(), new ObjectStorageAccess(MINIO))
        .deployment(service, variant)
        .getSpec()
        .getTemplate()
        .getSpec();
  }

  private static InferenceService service(String storage, String feedback) {
    return Serialization.unmarshal(
        """
        apiVersion: drover.io/v1alpha1
        kind: InferenceService
        metadata: {name: iris, namespace: ml, uid: 1c-uid}
        spec:
          model: {name: iris-classifier, version: 7}
        %s
        %s
        """
            .formatted(
                storage.isEmpty() ? "" : "  " + storage,
                feedback.isEmpty() ? "" : "  monitoring: {feedbackDataset: \"" + feedback + "\"}"),
        InferenceService.class);
  }

  private static TrainingRun run(String dataset, String secret, String source) {
    return Serialization.unmarshal(
        """
        apiVersion: drover.io/v1alpha1
        kind: TrainingRun
        metadata: {name: iris-7, namespace: ml, uid: 0b5e-uid}
        spec:
          model: iris-classifier
          dataset: {uri: "%s"%s}
        %s
        """
            .formatted(
                dataset,
                source == null ? "" : ", sources: [{uri: \"" + source + "\"}]",
                secret == null ? "" : "  storage: {secretName: " + secret + "}"),
        TrainingRun.class);
  }

  private static Map<String, EnvVar> byName(List<EnvVar> env) {
    return env.stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }
}
