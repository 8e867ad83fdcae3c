package io.drover.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Drover operator — its packaged Quarkus application, unchanged — as a local process
 * against the local API, as it would run in a cluster against the cluster's.
 */
final class OperatorProcess implements AutoCloseable {

  static final String NAMESPACE = "drover-system";
  private static final Duration READY_WITHIN = Duration.ofMinutes(2);

  private final Process process;
  private final Path log;
  private final int port;

  private OperatorProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static OperatorProcess start(Repository repository, Path home, Path kubeconfig, Path java)
      throws IOException {
    Path log = home.resolve("logs").resolve(NAMESPACE).resolve("drover-operator.log");
    Files.createDirectories(log.getParent());
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                java.toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                repository.operatorJar().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("KUBERNETES_NAMESPACE", NAMESPACE);
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    // Where trainers write bundles when a TrainingRun names no output: a claim under the home.
    env.put("DROVER_TRAINING_DEFAULT_OUTPUT_URI", "pvc://models");
    // One replica: nothing to elect, and a laptop busy enough to delay a Lease renewal must not
    // make the operator give the Lease up and exit.
    env.put("DROVER_LEADER_ELECTION_ENABLED", "false");
    OperatorProcess operator = new OperatorProcess(builder.start(), log, port);
    operator.awaitReady();
    return operator;
  }

  Path log() {
    return log;
  }

  /** The operator's own HTTP endpoint: health under /q/health, Prometheus at /q/metrics. */
  java.net.URI url() {
    return java.net.URI.create("http://127.0.0.1:" + port);
  }

  private void awaitReady() throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    Instant deadline = Instant.now().plus(READY_WITHIN);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException(
            "the operator exited with code %d; the end of its log (%s):%n%s"
                .formatted(process.exitValue(), log, tail()));
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the operator started", e);
      }
      pause();
    }
    close();
    throw new IOException(
        "the operator was not ready within %s; the end of its log (%s):%n%s"
            .formatted(READY_WITHIN, log, tail()));
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
