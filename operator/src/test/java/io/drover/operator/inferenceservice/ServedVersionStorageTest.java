package io.drover.operator.inferenceservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.modelversion.ModelVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** The version a service serves brings the Secret its spec.storage names, or none. */
class ServedVersionStorageTest {

  @Test
  void theServedVersionNamesItsSecret() {
    assertThat(ServedVersion.of(version("storage: {secretName: team-s3}")).storageSecret())
        .isEqualTo("team-s3");
    assertThat(ServedVersion.of(version("")).storageSecret()).isNull();
  }

  private static ModelVersion version(String storage) {
    return Serialization.unmarshal(
        """
        apiVersion: drover.io/v1alpha1
        kind: ModelVersion
        metadata: {name: iris-classifier-v1, namespace: ml}
        spec:
          model: iris-classifier
          version: 1
          artifact: {uri: "s3://models/iris/run-1", format: DroverMlp}
          %s
        """
            .formatted(storage),
        ModelVersion.class);
  }
}
