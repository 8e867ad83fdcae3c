package io.drover.local.runner.testimage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The program the tests' "image" runs: a stand-in for Drover's images, steered by its environment.
 *
 * <ul>
 *   <li>{@code TEST_SERVE=true}: HTTP on {@code QUARKUS_HTTP_HOST:QUARKUS_HTTP_PORT}; {@code
 *       /ready} answers 503 until {@code TEST_READY_AFTER_MS} have passed, then 200; {@code /}
 *       answers {@code TEST_REPLY} (default: the pod's HOSTNAME); runs until SIGTERM.
 *   <li>{@code TEST_FETCH_URL}: GETs the URL and reports the body (exit 1 when it fails).
 *   <li>{@code TEST_REPORT=A,B}: reports {@code A=<value>} lines for those variables, then {@code
 *       args=<args joined by |>}; {@code TEST_REPORT_FILES=P,Q} adds {@code file P=<content of the
 *       file $P names>}.
 *   <li>{@code TEST_MESSAGE}: reported as is. Reports go to {@code DROVER_TERMINATION_LOG}.
 *   <li>{@code TEST_LOG}: printed to stdout; {@code TEST_MARKER}: a file created after {@code
 *       TEST_MARKER_AFTER_MS}; {@code TEST_RUN_MS}: how long to run; {@code TEST_EXIT_CODE}.
 * </ul>
 */
public final class TestProgram {

  private TestProgram() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    String log = System.getenv("TEST_LOG");
    if (log != null) {
      System.out.println(log);
      System.out.flush();
    }
    List<String> report = new ArrayList<>();
    int exit = Integer.parseInt(env("TEST_EXIT_CODE", "0"));
    if (System.getenv("TEST_MESSAGE") != null) {
      report.add(System.getenv("TEST_MESSAGE"));
    }
    String names = System.getenv("TEST_REPORT");
    if (names != null) {
      for (String name : names.split(",")) {
        report.add(name + "=" + System.getenv(name));
      }
      report.add("args=" + String.join("|", args));
    }
    String files = System.getenv("TEST_REPORT_FILES");
    if (files != null) {
      for (String name : files.split(",")) {
        String content;
        try {
          content = Files.readString(Path.of(System.getenv(name))).strip();
        } catch (IOException | RuntimeException e) {
          content = "missing";
        }
        report.add("file " + name + "=" + content);
      }
    }
    String url = System.getenv("TEST_FETCH_URL");
    if (url != null) {
      try {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        report.add("fetched " + response.statusCode() + " " + response.body());
      } catch (Exception e) {
        report.add("fetch failed: " + e);
        exit = 1;
      }
    }
    String marker = System.getenv("TEST_MARKER");
    if (marker != null) {
      long after = Long.parseLong(env("TEST_MARKER_AFTER_MS", "0"));
      Thread.sleep(after);
      Files.createDirectories(Path.of(marker).getParent());
      Files.writeString(Path.of(marker), "marked");
    }
    if (!report.isEmpty() && System.getenv("DROVER_TERMINATION_LOG") != null) {
      Files.writeString(
          Path.of(System.getenv("DROVER_TERMINATION_LOG")), String.join("\n", report));
    }
    if ("true".equals(System.getenv("TEST_SERVE"))) {
      serve(start);
      return;
    }
    long shutdownDelay = Long.parseLong(env("TEST_SHUTDOWN_DELAY_MS", "0"));
    if (shutdownDelay > 0) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> pause(shutdownDelay)));
      System.out.println("shutdown delayed by " + shutdownDelay + " ms");
      System.out.flush();
    }
    Thread.sleep(Long.parseLong(env("TEST_RUN_MS", "0")));
    System.exit(exit);
  }

  private static void serve(long start) throws IOException {
    String host = env("QUARKUS_HTTP_HOST", "127.0.0.1");
    int port = Integer.parseInt(env("QUARKUS_HTTP_PORT", "8080"));
    long readyAfterNanos = Long.parseLong(env("TEST_READY_AFTER_MS", "0")) * 1_000_000L;
    String reply = env("TEST_REPLY", env("HOSTNAME", "unknown"));
    String readyFile = System.getenv("TEST_READY_FILE");
    long shutdownDelay = Long.parseLong(env("TEST_SHUTDOWN_DELAY_MS", "0"));
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 512);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/ready",
        exchange -> {
          boolean ready =
              System.nanoTime() - start >= readyAfterNanos
                  && (readyFile == null || Files.exists(Path.of(readyFile)));
          respond(exchange, ready ? 200 : 503, ready ? "ready" : "not yet");
        });
    server.createContext("/", exchange -> respond(exchange, 200, reply));
    server.start();
    System.out.println("serving on " + host + ":" + port);
    System.out.flush();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  pause(shutdownDelay); // what a preStop sleep gives a pod in a cluster
                  server.stop(1);
                }));
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }
}
