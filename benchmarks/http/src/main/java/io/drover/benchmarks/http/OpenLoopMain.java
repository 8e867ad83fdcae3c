package io.drover.benchmarks.http;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command line of the open-loop load generator; prints one JSON line per run (LoadResult).
 *
 * <pre>
 * java -jar benchmarks/http/target/drover-load.jar --url=http://127.0.0.1:18101/v2/models/iris/infer \
 *   --rate=500 --duration=10 --warmup=5 [--body=FILE] [--connections=32] [--timeout=2] [--label=NAME]
 * </pre>
 *
 * With --body the request is a POST of that file as application/json, otherwise a GET.
 */
public final class OpenLoopMain {

  private static final Set<String> OPTIONS =
      Set.of(
          "url", "rate", "duration", "warmup", "body", "connections", "timeout", "label", "method");

  private OpenLoopMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
      if (name == null || !OPTIONS.contains(name)) {
        System.err.println(
            "unknown argument " + arg + "; expected --name=value, names: " + OPTIONS);
        System.exit(2);
      }
      options.put(name, arg.substring(eq + 1));
    }
    if (!options.containsKey("url") || !options.containsKey("rate")) {
      System.err.println("--url and --rate are required");
      System.exit(2);
    }
    byte[] body =
        options.containsKey("body") ? Files.readAllBytes(Path.of(options.get("body"))) : null;
    HttpMethod method =
        HttpMethod.valueOf(options.getOrDefault("method", body == null ? "GET" : "POST"));
    LoadPlan plan =
        new LoadPlan(
            URI.create(options.get("url")),
            method,
            body,
            "application/json",
            Double.parseDouble(options.get("rate")),
            seconds(options.getOrDefault("warmup", "5")),
            seconds(options.getOrDefault("duration", "10")),
            Integer.parseInt(options.getOrDefault("connections", "32")),
            seconds(options.getOrDefault("timeout", "2")));
    // One event loop: the generator's share of the CPU stays the same whatever it measures.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      LoadResult result = OpenLoopLoad.run(vertx, options.getOrDefault("label", "load"), plan);
      System.out.println(result.toJson());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private static Duration seconds(String value) {
    return Duration.ofNanos((long) (Double.parseDouble(value) * 1e9));
  }
}
