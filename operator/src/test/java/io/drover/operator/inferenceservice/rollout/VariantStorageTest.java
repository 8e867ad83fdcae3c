package io.drover.operator.inferenceservice.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.modelversion.Artifact.ModelFormat;
import io.drover.operator.inferenceservice.ServedVersion;
import org.junit.jupiter.api.Test;

/**
 * A variant records the Secret its ModelVersion's spec.storage names, which its Deployment's
 * servers then read the bundle with (unless the service names its own).
 */
class VariantStorageTest {

  @Test
  void theStableVariantCarriesItsVersionsSecret() {
    RolloutHarness h = new RolloutHarness("model: {name: iris-classifier, stage: Production}\n");
    h.step(
        new ServedVersion(
            "iris-classifier-v1",
            1,
            "s3://models/iris/run-1",
            "sha256:" + "1".repeat(64),
            ModelFormat.DroverMlp,
            0.93,
            "team-s3"));

    assertThat(h.status().stable().storageSecret()).isEqualTo("team-s3");
  }
}
