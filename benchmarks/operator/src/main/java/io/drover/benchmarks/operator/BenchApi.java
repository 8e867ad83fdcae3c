package io.drover.benchmarks.operator;

import io.drover.local.api.LocalApiOptions;
import io.drover.local.api.LocalApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The local Kubernetes API of local mode (schema admission, watches, conflicts, owner GC), with
 * Drover's CRDs, in a fresh home. Its state is saved only on close: local mode's save after every
 * change rewrites the whole store, which at this size would be the API's main cost on shared cores
 * and says nothing about a real API server.
 */
final class BenchApi implements AutoCloseable {

  static final String OPERATOR_NAMESPACE = "drover-system";

  private final LocalApiServer server;

  private BenchApi(LocalApiServer server) {
    this.server = server;
  }

  static BenchApi start(Path home, int port, Path crds, String namespace) throws IOException {
    LocalApiServer server =
        LocalApiServer.start(
            new LocalApiOptions(
                home, "127.0.0.1", port, Duration.ofDays(1), LocalApiOptions.BOOKMARK_EVERY));
    BenchApi api = new BenchApi(server);
    try {
      api.installCrds(crds);
      api.namespace(OPERATOR_NAMESPACE);
      api.namespace(namespace);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return api;
  }

  KubernetesClient client() {
    return server.client();
  }

  Path kubeconfig() {
    return server.kubeconfig();
  }

  private void installCrds(Path crds) throws IOException {
    try (Stream<Path> files = Files.list(crds)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd =
              client().apiextensions().v1().customResourceDefinitions().load(in).item();
          client().resource(crd).create();
        }
      }
    }
  }

  private void namespace(String name) {
    if (client().namespaces().withName(name).get() == null) {
      client()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
