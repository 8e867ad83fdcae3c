package io.drover.e2e.lifecycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real cluster prepared by {@code e2e-tests/cluster/setup.sh}: the chart installed in {@code
 * drover-system}, the namespace {@code drover-e2e} with the iris data on its {@code datasets}
 * claim. Services are reached through {@code kubectl port-forward}.
 */
final class KubeconfigServingCluster implements ServingCluster {

  static final String NAMESPACE = "drover-e2e";
  static final String OPERATOR_NAMESPACE = "drover-system";
  private static final Pattern FORWARDING =
      Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+)");

  private final Path kubeconfig;
  private final KubernetesClient client;
  private final Map<String, Process> forwards = new ConcurrentHashMap<>();
  private final Map<String, URI> urls = new ConcurrentHashMap<>();

  KubeconfigServingCluster(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
    try {
      this.client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public String namespace() {
    return NAMESPACE;
  }

  @Override
  public String modelsClaim() {
    return "drover-models";
  }

  @Override
  public URI serviceUrl(String service) {
    return urls.computeIfAbsent(service, this::forward);
  }

  private URI forward(String service) {
    try {
      Process process =
          new ProcessBuilder(
                  kubectl(),
                  "--kubeconfig",
                  kubeconfig.toString(),
                  "-n",
                  NAMESPACE,
                  "port-forward",
                  "svc/" + service,
                  ":8080")
              .redirectErrorStream(true)
              .start();
      forwards.put(service, process);
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        Matcher port = FORWARDING.matcher(line);
        if (port.find()) {
          Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "port-forward-" + service);
          drain.setDaemon(true);
          drain.start();
          return URI.create("http://127.0.0.1:" + port.group(1));
        }
      }
      throw new IllegalStateException("kubectl port-forward svc/" + service + " stopped");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the operator's pod; its Deployment starts a new one, which resumes from the API. */
  @Override
  public void restartOperator() {
    List<Pod> pods =
        client
            .pods()
            .inNamespace(OPERATOR_NAMESPACE)
            .withLabel("app.kubernetes.io/component", "operator")
            .list()
            .getItems();
    pods.forEach(pod -> client.resource(pod).delete());
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () ->
                client
                    .pods()
                    .inNamespace(OPERATOR_NAMESPACE)
                    .withLabel("app.kubernetes.io/component", "operator")
                    .list()
                    .getItems()
                    .stream()
                    .anyMatch(
                        pod ->
                            pods.stream()
                                    .noneMatch(
                                        old ->
                                            old.getMetadata()
                                                .getUid()
                                                .equals(pod.getMetadata().getUid()))
                                && pod.getStatus().getConditions() != null
                                && pod.getStatus().getConditions().stream()
                                    .anyMatch(
                                        c ->
                                            "Ready".equals(c.getType())
                                                && "True".equals(c.getStatus()))));
  }

  @Override
  public Optional<Path> claim(String name) {
    return Optional.empty();
  }

  @Override
  public String logs() {
    return "kubectl -n "
        + OPERATOR_NAMESPACE
        + " logs -l app.kubernetes.io/component=operator; kubectl -n "
        + NAMESPACE
        + " get pods";
  }

  @Override
  public void close() {
    forwards.values().forEach(Process::destroy);
    client.close();
  }

  static String kubectl() {
    String configured = System.getenv("DROVER_KUBECTL");
    return configured != null ? configured : "kubectl";
  }
}
