package io.drover.operator.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.drover.operator.api.trainingrun.TrainingRun;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The packaged application as it runs in a cluster: Quarkus wiring, configuration, the reconciler
 * registered by the Operator SDK extension, health and Prometheus metrics.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class OperatorApplicationTest {

  @Inject KubernetesClient client;

  @Test
  void appliedRunGetsItsJobAndShowsInMetrics() {
    client.namespaces().resource(namespace("ml")).create();
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: drover.io/v1alpha1
                kind: TrainingRun
                metadata: {name: iris-app, namespace: ml}
                spec:
                  model: iris-classifier
                  dataset: {uri: "pvc://datasets/iris.csv"}
                  output: {uri: "pvc://models"}
                """,
                TrainingRun.class))
        .create();

    Job job =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> client.batch().v1().jobs().inNamespace("ml").withName("iris-app-train").get(),
                j -> j != null);
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .as("trainer image from drover.training.trainer-image")
        .startsWith("ghcr.io/drover-dev/drover-trainer:");

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .body(
                        containsString(
                            "drover_reconcile_seconds_count{kind=\"TrainingRun\",outcome=\"success\"}"))
                    .body(containsString("drover_training_runs{phase=\"Pending\"} 1.0")));
  }

  @Test
  void reportsHealthy() {
    given().get("/q/health/live").then().statusCode(200);
  }

  private static io.fabric8.kubernetes.api.model.Namespace namespace(String name) {
    return new io.fabric8.kubernetes.api.model.NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .build();
  }
}
