package io.drover.benchmarks.operator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One replica of the packaged operator ({@code operator/target/quarkus-app/quarkus-run.jar}),
 * unchanged, as its own process with the production image's JVM options, so that its memory is its
 * own.
 */
final class OperatorReplica implements AutoCloseable {

  /**
   * The image's JVM settings for the chart's 512Mi memory limit: Jib adds {@code
   * -XX:MaxRAMPercentage=75 -XX:MaxNewSize=32m -XX:TrimNativeHeapInterval=10000}
   * (operator/pom.xml), and {@code -XX:MaxRAM} makes the JVM size itself as it would inside that
   * limit. The GC options are those the UBI 9 OpenJDK runtime image's run-java.sh adds by default;
   * the Dockerfile's image names all of them (ImageJvmOptionsTest).
   */
  static final List<String> PRODUCTION_JVM =
      List.of(
          "-XX:MaxRAM=512m",
          "-XX:MaxRAMPercentage=75",
          "-XX:MaxNewSize=32m",
          "-XX:TrimNativeHeapInterval=10000",
          "-XX:+UseParallelGC",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=20",
          "-XX:GCTimeRatio=4",
          "-XX:AdaptiveSizePolicyWeight=90",
          "-XX:+ExitOnOutOfMemoryError",
          "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");

  private final String identity;
  private final Process process;
  private final Path log;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private OperatorReplica(String identity, Process process, Path log, int port) {
    this.identity = identity;
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts the replica; it is ready once it leads (QOSDK answers ready only with its controllers
   * started).
   */
  static OperatorReplica start(
      Path jar,
      Path kubeconfig,
      Path logs,
      String identity,
      int port,
      List<String> jvm,
      Map<String, String> extra)
      throws IOException {
    Files.createDirectories(logs);
    Path log = logs.resolve(identity + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("KUBERNETES_NAMESPACE", BenchApi.OPERATOR_NAMESPACE);
    // JOSDK's leader-election identity is the pod's HOSTNAME.
    env.put("HOSTNAME", identity);
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.put("DROVER_TRAINING_DEFAULT_OUTPUT_URI", "pvc://models");
    // No kubelet runs here: no trainer pod ever starts, and a run would otherwise fail (and its Job
    // be deleted) when the pending timeout passes during a long benchmark.
    env.put("DROVER_TRAINING_PENDING_TIMEOUT", "12h");
    env.putAll(extra);
    return new OperatorReplica(identity, builder.start(), log, port);
  }

  String identity() {
    return identity;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  ProcessMemory memory() {
    return ProcessMemory.of(process.pid());
  }

  /** CPU time the process has used so far, user and system (/proc/<pid>/stat, 100 ticks/s). */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After the command: state is field 3, utime 14 and stime 15 (proc(5)), so indexes 11 and 12.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  /** Waits until the replica answers on {@code path} with 200 (e.g. /q/health/ready). */
  void await(String path, Duration within) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + port + path);
    Instant deadline = Instant.now().plus(within);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException(
            "operator %s exited with code %d; see %s"
                .formatted(identity, process.exitValue(), log));
      }
      try {
        HttpResponse<Void> answer =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IOException(
        "operator %s did not answer %s within %s".formatted(identity, path, within));
  }

  /** The value of one series of the operator's Prometheus metrics, e.g. {@code x_total{k="v"}}. */
  double metric(String series) throws IOException, InterruptedException {
    String text =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return metricIn(text, series);
  }

  /**
   * {@code series}' value in a Prometheus text exposition; 0 when it is absent (not yet counted).
   */
  static double metricIn(String exposition, String series) {
    return exposition
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
        .findFirst()
        .orElse(0);
  }

  /** The heap's classes by size ({@code jcmd GC.class_histogram}), the first {@code lines}. */
  String heapHistogram(int lines) throws IOException, InterruptedException {
    return String.join("\n", jcmd("GC.class_histogram").lines().limit(lines).toList());
  }

  /** Heap sizes now; right after {@link #heapHistogram}, the used size is the live set. */
  HeapUse heapUse() throws IOException, InterruptedException {
    return HeapUse.parse(heapInfo());
  }

  /** Heap after a full GC and the committed and used sizes ({@code jcmd GC.heap_info}). */
  String heapInfo() throws IOException, InterruptedException {
    return jcmd("GC.heap_info").strip();
  }

  /**
   * Where the JVM's own memory is, by area ({@code jcmd VM.native_memory summary}); only a JVM
   * started with {@code -XX:NativeMemoryTracking} answers it.
   */
  String nativeMemory() throws IOException, InterruptedException {
    return jcmd("VM.native_memory", "summary").strip();
  }

  private String jcmd(String... command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid())));
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  /**
   * SIGKILL, as a node failure or an OOM kill: no shutdown hook runs, the Lease is not released.
   */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
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
}
