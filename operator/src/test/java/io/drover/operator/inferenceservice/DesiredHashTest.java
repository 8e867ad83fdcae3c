package io.drover.operator.inferenceservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The hash a serving object is written with, compared at every reconcile. */
class DesiredHashTest {

  @Test
  void isTheHashEarlierOperatorsWroteSoAnUpgradeRewritesNoChild() throws Exception {
    Deployment deployment = server(2);
    // How operators before 2026-12-03 hashed: SHA-256 of the JSON string, 16 hex digits.
    String earlier =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(Serialization.asJson(deployment).getBytes(StandardCharsets.UTF_8)))
            .substring(0, 16);

    assertThat(ServingApplier.hash(deployment)).isEqualTo(earlier);
  }

  @Test
  void changesWithAnyField() {
    assertThat(ServingApplier.hash(server(2))).isEqualTo(ServingApplier.hash(server(2)));
    assertThat(ServingApplier.hash(server(3))).isNotEqualTo(ServingApplier.hash(server(2)));
  }

  private static Deployment server(int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("recommender-v3")
        .withNamespace("shop")
        .addToLabels("drover.io/inferenceservice", "recommender")
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("server")
        .withImage("ghcr.io/drover/serving:0.1.0")
        .addNewEnv()
        .withName("DROVER_MODEL_URI")
        .withValue("s3://models/recommender/3 – ünïcode")
        .endEnv()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
