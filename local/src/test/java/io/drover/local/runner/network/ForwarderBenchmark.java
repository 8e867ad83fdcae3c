package io.drover.local.runner.network;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: what the Service forwarder costs. A Vert.x HTTP server answers a small body; the same
 * requests go to it directly and through a {@link PortForwarder}, alternately, in one run: one
 * request per new connection from a Java loop (the per-connection cost), then wrk with keep-alive
 * connections (the per-byte cost), when wrk is installed.
 *
 * <p>Run: {@code java -cp <test classpath> io.drover.local.runner.network.ForwarderBenchmark
 * [seconds]}
 */
public final class ForwarderBenchmark {

  private static final String BACKEND = "127.3.0.1";
  private static final String SERVICE = "127.3.0.2";
  private static final int PORT = 18080;

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Vertx vertx = Vertx.vertx();
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(r -> r.response().putHeader("content-type", "text/plain").end("ok"))
            .listen(PORT, BACKEND)
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    ExecutorService pumps =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r);
              t.setDaemon(true);
              return t;
            });
    PortForwarder forwarder = new PortForwarder(SERVICE, PORT, pumps);
    forwarder.forwardTo(List.of(new PortForwarder.Backend(BACKEND, PORT)));

    // Warm-up, discarded: JIT of both paths and the pump threads.
    connectionLoop(BACKEND, 3);
    connectionLoop(SERVICE, 3);
    System.out.println(
        "| path | new connection per request: req/s (mean ms) | wrk -t2 -c16 keep-alive: req/s (p50 / p99 ms) |");
    System.out.println("|---|---|---|");
    for (int round = 0; round < 3; round++) {
      for (String target : List.of(BACKEND, SERVICE)) {
        double[] loop = connectionLoop(target, seconds);
        String wrk = wrk(target, seconds);
        System.out.printf(
            "| %s | %.0f (%.3f) | %s |%n",
            target.equals(BACKEND) ? "direct" : "forwarder", loop[0], loop[1], wrk);
      }
    }
    forwarder.close();
    server.close();
    vertx.close();
    pumps.shutdownNow();
  }

  /** Two threads, each opening a connection per request: requests per second and mean ms. */
  private static double[] connectionLoop(String address, int seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long[] counts = new long[2];
    Thread[] threads = new Thread[2];
    for (int i = 0; i < threads.length; i++) {
      int index = i;
      threads[i] =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, PORT));
                    socket
                        .getOutputStream()
                        .write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    InputStream in = socket.getInputStream();
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    in.transferTo(body);
                    counts[index]++;
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                }
              });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long total = counts[0] + counts[1];
    return new double[] {total / (double) seconds, 2.0 * seconds * 1000 / total};
  }

  private static String wrk(String address, int seconds) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "wrk",
                "-t2",
                "-c16",
                "-d" + seconds + "s",
                "--latency",
                "http://" + address + ":" + PORT + "/")
            .redirectErrorStream(true);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return "wrk not installed";
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    String rps = find(out, "Requests/sec:");
    String p50 = find(out, " 50%");
    String p99 = find(out, " 99%");
    return rps + " (" + p50 + " / " + p99 + ")";
  }

  private static String find(String out, String label) {
    return out.lines()
        .filter(l -> l.contains(label))
        .findFirst()
        .map(l -> l.substring(l.indexOf(label) + label.length()).strip())
        .orElse("?");
  }

  private ForwarderBenchmark() {}
}
