package io.drover.local.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kubeconfig kubectl and clients use to reach the local API: no TLS, and a token the API does
 * not check (it listens on loopback only). The token is there for Fabric8's client: given a
 * kubeconfig without one, it reads and parses the file again before every request once the first
 * minute has passed, looking for a token to refresh; with one, once a minute.
 */
final class Kubeconfig {

  /** The bearer token clients send; the local API accepts every request without looking. */
  static final String TOKEN = "drover-local";

  private Kubeconfig() {}

  static void write(Path file, URI server) {
    String text =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: drover-local
          cluster:
            server: %s
        contexts:
        - name: drover-local
          context:
            cluster: drover-local
            namespace: default
            user: drover-local
        current-context: drover-local
        users:
        - name: drover-local
          user:
            token: %s
        preferences: {}
        """
            .formatted(server, TOKEN);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
