package io.drover.local;

import io.drover.local.api.LocalApiOptions;
import io.drover.local.api.LocalApiServer;
import io.drover.local.runner.LocalRunner;
import io.drover.local.runner.RunnableImage;
import io.drover.local.runner.RunnerOptions;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Local mode: the local Kubernetes API, the runner that plays the cluster's controllers and kubelet
 * with local processes, and the real operator against them — the same YAML as on a cluster, on one
 * machine. {@code ./drover local start} and {@code ./drover demo} run it; the e2e-tests run their
 * lifecycle scenarios on it.
 */
public final class LocalMode implements AutoCloseable {

  /**
   * @param home where the state, kubeconfig, volumes and logs live
   * @param apiPort the local API's port; 0 picks a free one
   * @param fakeGpus GPUs the one local node pretends to have (pods holding them run on the CPU)
   */
  public record Options(Path home, Repository repository, int apiPort, int fakeGpus) {}

  private final Options options;
  private final LocalApiServer api;
  private final LocalRunner runner;
  private final Path java;
  private OperatorProcess operator;

  private LocalMode(
      Options options,
      LocalApiServer api,
      LocalRunner runner,
      Path java,
      OperatorProcess operator) {
    this.options = options;
    this.api = api;
    this.runner = runner;
    this.java = java;
    this.operator = operator;
  }

  /** Starts everything and returns once the operator is ready; {@code progress} hears each step. */
  public static LocalMode start(Options options, Consumer<String> progress) throws IOException {
    options.repository().requireBuilt();
    Path home = options.home().toAbsolutePath();
    Files.createDirectories(home);
    progress.accept("starting the local Kubernetes API");
    LocalApiServer api = LocalApiServer.start(LocalApiOptions.of(home).withPort(options.apiPort()));
    LocalRunner runner = null;
    try {
      installCrds(api.client(), options.repository().crds());
      ensureNamespace(api.client(), OperatorProcess.NAMESPACE);
      progress.accept("starting the runner (the Job and Deployment controllers and the kubelet)");
      RunnerOptions runnerOptions =
          RunnerOptions.of(home, api.kubeconfig(), images(options.repository()))
              .withFakeGpus(options.fakeGpus());
      runner = new LocalRunner(api.client(), runnerOptions);
      runner.start();
      progress.accept("starting the operator");
      OperatorProcess operator =
          OperatorProcess.start(options.repository(), home, api.kubeconfig(), runnerOptions.java());
      return new LocalMode(options, api, runner, runnerOptions.java(), operator);
    } catch (IOException | RuntimeException e) {
      if (runner != null) {
        runner.close();
      }
      api.close();
      throw e;
    }
  }

  /** Drover's images, each run from its jar with the JVM settings its container image sets. */
  static List<RunnableImage> images(Repository repository) {
    List<String> djl =
        List.of(
            "-Dai.djl.offline=true",
            "-Dai.djl.pytorch.num_threads=1",
            "-Dai.djl.pytorch.num_interop_threads=1");
    return List.of(
        new RunnableImage(
            "ghcr.io/drover-dev/drover-trainer",
            repository.trainerJar(),
            Stream.concat(Stream.of("-Xmx512m", "-XX:+UseSerialGC"), djl.stream()).toList(),
            false),
        // As the serving image: memory taken under load is given back once it goes.
        new RunnableImage(
            "ghcr.io/drover-dev/drover-serving",
            repository.servingJar(),
            Stream.concat(
                    Stream.of(
                        "-Xmx256m",
                        "-XX:+UseG1GC",
                        "-XX:MinHeapFreeRatio=10",
                        "-XX:MaxHeapFreeRatio=30",
                        "-XX:G1PeriodicGCInterval=30000",
                        "-XX:TrimNativeHeapInterval=30000"),
                    djl.stream())
                .toList(),
            true),
        new RunnableImage(
            "ghcr.io/drover-dev/drover-operator",
            repository.operatorJar(),
            List.of("-Xmx384m", "-XX:+UseSerialGC"),
            true));
  }

  public KubernetesClient client() {
    return api.client();
  }

  public Path kubeconfig() {
    return api.kubeconfig();
  }

  public Path home() {
    return options.home();
  }

  public java.net.URI apiUrl() {
    return api.url();
  }

  public synchronized Path operatorLog() {
    return operator.log();
  }

  /** The operator's health (/q/health) and Prometheus metrics (/q/metrics). */
  public synchronized java.net.URI operatorUrl() {
    return operator.url();
  }

  /**
   * Stops the operator process and starts a new one, as a pod restart would: it has only what the
   * API holds to resume from.
   */
  public synchronized void restartOperator() throws IOException {
    operator.close();
    operator = OperatorProcess.start(options.repository(), options.home(), api.kubeconfig(), java);
  }

  /** Stops the operator, then every process the runner started, then the API (saving its state). */
  @Override
  public synchronized void close() {
    operator.close();
    runner.close();
    api.close();
  }

  private static void installCrds(KubernetesClient client, Path crds) throws IOException {
    try (Stream<Path> files = Files.list(crds)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd =
              client.apiextensions().v1().customResourceDefinitions().load(in).item();
          client.resource(crd).createOr(NonDeletingOperation::update);
        }
      }
    }
  }

  private static void ensureNamespace(KubernetesClient client, String name) {
    if (client.namespaces().withName(name).get() == null) {
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }
}
