package io.drover.local.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kubeconfig kubectl and clients use to reach the local API: no TLS, no credentials. */
final class Kubeconfig {

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
          user: {}
        preferences: {}
        """
            .formatted(server);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
