package io.drover.local.api;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * Serves one ConfigMap from the bare Fabric8 mock server (CRUD mode) and from the local API, so
 * that a load tool can compare a simple GET through both:
 *
 * <pre>
 *   java -cp ... io.drover.local.api.GetThroughputBenchmark
 *   wrk -t2 -c16 -d10s http://127.0.0.1:PORT/api/v1/namespaces/default/configmaps/bench
 * </pre>
 *
 * Not a test: it runs until killed.
 */
public final class GetThroughputBenchmark {

  private GetThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    var configMap =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("bench")
            .withNamespace("default")
            .endMetadata()
            .addToData("key", "value")
            .build();
    KubernetesMockServer mock =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    mock.init();
    try (var client = mock.createClient()) {
      client.configMaps().inNamespace("default").resource(configMap).create();
    }
    Path home = Files.createTempDirectory("drover-bench");
    LocalApiServer local = LocalApiServer.start(LocalApiOptions.of(home));
    local.client().configMaps().inNamespace("default").resource(configMap).create();
    System.out.println("mock  " + mock.url("/api/v1/namespaces/default/configmaps/bench"));
    System.out.println(
        "local " + local.url().resolve("/api/v1/namespaces/default/configmaps/bench"));
    Thread.sleep(Long.MAX_VALUE);
  }
}
