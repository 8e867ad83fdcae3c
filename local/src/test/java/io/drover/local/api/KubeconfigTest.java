package io.drover.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubeconfig the local API writes, as Fabric8's client reads it. */
class KubeconfigTest {

  @TempDir Path home;

  @Test
  void fabric8ReadsATokenFromItSoItDoesNotReparseTheFileBeforeEveryRequest() {
    try (LocalApiServer server = LocalApiServer.start(LocalApiOptions.of(home))) {
      Config config = Config.fromKubeconfig(server.kubeconfig().toFile());

      // Fabric8's TokenRefreshInterceptor re-reads the kubeconfig before each request while the
      // config it holds has no token: with one found it waits a minute before looking again.
      assertThat(config.getAutoOAuthToken()).isEqualTo(Kubeconfig.TOKEN);
      assertThat(config.getMasterUrl()).startsWith("http://127.0.0.1:");

      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
        client
            .configMaps()
            .inNamespace("default")
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("reached-with-the-token")
                    .endMetadata()
                    .addToData("k", "v")
                    .build())
            .create();
        assertThat(
                client
                    .configMaps()
                    .inNamespace("default")
                    .withName("reached-with-the-token")
                    .get()
                    .getData())
            .containsEntry("k", "v");
      }
    }
  }
}
