package io.drover.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drover.operator.api.common.Stage;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle on a real cluster (Kind or k3s) prepared by {@code e2e-tests/cluster/setup.sh}: the
 * operator, trainer image, chart and data really deployed. Skipped, saying so, unless
 * DROVER_E2E_KUBECONFIG names the cluster's kubeconfig.
 */
class ClusterLifecycleTest {

  static final String NS = "drover-e2e";
  KubernetesClient client;

  @BeforeEach
  void connect() throws Exception {
    String kubeconfig = System.getenv("DROVER_E2E_KUBECONFIG");
    assumeTrue(
        kubeconfig != null && Files.isReadable(Path.of(kubeconfig)),
        "no real cluster: set DROVER_E2E_KUBECONFIG to the kubeconfig of a Kind or k3s cluster"
            + " prepared by e2e-tests/cluster/setup.sh to run the cluster tier");
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig))))
            .build();
  }

  @AfterEach
  void disconnect() {
    if (client != null) {
      client.resources(TrainingRun.class).inNamespace(NS).withName("iris-e2e").delete();
      client.close();
    }
  }

  @Test
  void trainingRunTrainsOnTheClusterAndRegistersItsModel() {
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: drover.io/v1alpha1
                kind: TrainingRun
                metadata: {name: iris-e2e, namespace: drover-e2e}
                spec:
                  model: iris-e2e
                  dataset: {uri: "pvc://datasets/iris.csv"}
                  hyperparameters: {epochs: "100"}
                  resources: {cpu: 500m, memory: 1Gi}
                  registration: {promotion: Production}
                """,
                TrainingRun.class))
        .createOr(existing -> existing.update());

    TrainingRun done =
        await()
            .atMost(Duration.ofMinutes(10))
            .pollInterval(Duration.ofSeconds(2))
            .until(
                () ->
                    client.resources(TrainingRun.class).inNamespace(NS).withName("iris-e2e").get(),
                r ->
                    r.getStatus() != null
                        && r.getStatus().phase() != null
                        && r.getStatus().phase().isFinal());
    assertThat(done.getStatus().phase())
        .as(done.getStatus().message())
        .isEqualTo(TrainingPhase.Succeeded);
    assertThat(done.getStatus().metrics().get("accuracy")).isGreaterThanOrEqualTo(0.9);

    ModelVersion version =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    client
                        .resources(ModelVersion.class)
                        .inNamespace(NS)
                        .withName(done.getStatus().modelVersion())
                        .get(),
                v ->
                    v != null
                        && v.getStatus() != null
                        && v.getStatus().stage() == Stage.Production);
    assertThat(version.getSpec().source().trainingRun()).isEqualTo("iris-e2e");
  }
}
