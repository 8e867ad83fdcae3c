package io.drover.serving.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ConfigMap watch and the wake-up annotation, against the Fabric8 mock API server (CRUD). */
@EnableKubernetesMockClient(crud = true)
class KubernetesIntegrationTest {

  KubernetesClient client;

  private static final String GOOD =
      "variants:\n  - {name: %s, role: stable, url: \"http://iris-v3:8080\", weight: 100}\n";

  @Test
  void theTableFollowsItsConfigMapAndAMalformedOneIsRefused() {
    client.configMaps().inNamespace("ml").resource(configMap(GOOD.formatted("iris-v3"))).create();
    TableHolder tables = new TableHolder();
    try (ConfigMapTableWatcher watcher =
        new ConfigMapTableWatcher(client, "ml", "iris-router", tables)) {
      watcher.start();
      await().until(() -> tables.table() != null);
      assertThat(tables.table().variants().get(0).name()).isEqualTo("iris-v3");

      client.configMaps().inNamespace("ml").resource(configMap(GOOD.formatted("iris-v4"))).update();
      await().until(() -> tables.table().variants().get(0).name().equals("iris-v4"));

      client.configMaps().inNamespace("ml").resource(configMap("variants: [oops")).update();
      await().until(() -> tables.refusals() == 1);
      assertThat(tables.table().variants().get(0).name()).isEqualTo("iris-v4");
      assertThat(tables.lastError()).contains("not valid YAML");
    }
  }

  @Test
  void wakingAnnotatesTheInferenceService() {
    GenericKubernetesResource isvc =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("drover.io/v1alpha1")
            .withKind("InferenceService")
            .withNewMetadata()
            .withName("iris")
            .withNamespace("ml")
            .endMetadata()
            .build();
    client
        .genericKubernetesResources(KubernetesWaker.INFERENCE_SERVICES)
        .inNamespace("ml")
        .resource(isvc)
        .create();
    new KubernetesWaker(client, "ml", "iris")
        .wake(
            new RoutingTable.Variant(
                "iris-v4",
                RoutingTable.Role.CANDIDATE,
                URI.create("http://x:1"),
                1,
                0,
                null,
                true));
    GenericKubernetesResource after =
        client
            .genericKubernetesResources(KubernetesWaker.INFERENCE_SERVICES)
            .inNamespace("ml")
            .withName("iris")
            .get();
    assertThat(after.getMetadata().getAnnotations().get(KubernetesWaker.ANNOTATION))
        .startsWith("iris-v4@");
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap configMap(String table) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("iris-router")
        .withNamespace("ml")
        .endMetadata()
        .withData(Map.of(ConfigMapTableWatcher.KEY, table))
        .build();
  }
}
