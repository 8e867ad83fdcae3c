package io.drover.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.common.ObjectStorage;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/**
 * The version a run registers carries the run's storage credentials, so the comparison Job and the
 * model servers read the bundle with the Secret it was written with.
 */
class RegisteredVersionStorageTest {

  @Test
  void theRegisteredVersionNamesTheRunsSecret() {
    ModelVersion version =
        RegisteredVersionBuilder.build(run("  storage: {secretName: team-s3}"), 3, "trainer:1");

    assertThat(ObjectStorage.secretOf(version.getSpec().storage())).isEqualTo("team-s3");
    assertThat(version.getSpec().artifact().uri()).isEqualTo("s3://models/iris/run-3");
  }

  @Test
  void aRunWithoutItsOwnSecretRegistersAVersionWithoutOne() {
    ModelVersion version = RegisteredVersionBuilder.build(run(""), 3, "trainer:1");

    assertThat(version.getSpec().storage()).isNull();
    assertThat(Serialization.asYaml(version)).doesNotContain("storage");
  }

  private static TrainingRun run(String storage) {
    return Serialization.unmarshal(
        """
        apiVersion: drover.io/v1alpha1
        kind: TrainingRun
        metadata: {name: iris-3, namespace: ml, uid: 3a-uid}
        spec:
          model: iris
          dataset: {uri: "s3://data/iris.csv"}
        %s
        status:
          phase: Succeeded
          bundleUri: s3://models/iris/run-3
          bundleDigest: "sha256:%s"
          bundleFormat: drover-mlp
        """
            .formatted(storage, "ab".repeat(32)),
        TrainingRun.class);
  }
}
