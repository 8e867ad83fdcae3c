package io.drover.e2e.lifecycle;

import io.drover.local.LocalMode;
import io.drover.local.Repository;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Local mode in a fresh home: the local API, the runner, the real operator process. */
final class LocalServingCluster implements ServingCluster {

  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  static final String NAMESPACE = "scenarios";

  private final LocalMode mode;

  LocalServingCluster(Path home) {
    try {
      mode =
          LocalMode.start(
              new LocalMode.Options(home, new Repository(REPOSITORY), 0, 0),
              step -> System.out.println("local mode: " + step));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    mode.client()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    copy(REPOSITORY.resolve("manifests/examples/data/iris.csv"), "datasets", "iris.csv");
  }

  void copy(Path file, String claim, String path) {
    try {
      Path target = home().resolve("volumes").resolve(claim).resolve(path);
      Files.createDirectories(target.getParent());
      Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path home() {
    return mode.home();
  }

  @Override
  public KubernetesClient client() {
    return mode.client();
  }

  @Override
  public String namespace() {
    return NAMESPACE;
  }

  @Override
  public String modelsClaim() {
    return "models";
  }

  @Override
  public URI serviceUrl(String service) {
    Service found = client().services().inNamespace(NAMESPACE).withName(service).get();
    return URI.create(
        "http://%s:%d"
            .formatted(
                found.getSpec().getClusterIP(), found.getSpec().getPorts().get(0).getPort()));
  }

  @Override
  public void restartOperator() {
    try {
      mode.restartOperator();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<Path> claim(String name) {
    return Optional.of(home().resolve("volumes").resolve(name));
  }

  @Override
  public String logs() {
    return "pods' logs under " + home().resolve("logs") + ", the operator's " + mode.operatorLog();
  }

  @Override
  public void close() {
    mode.close();
  }
}
