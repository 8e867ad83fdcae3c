import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An open-loop load generator for the CPU benchmark, not a test: sends {@code rate} POSTs per
 * second for {@code seconds} on schedule, whatever the answers (every millisecond it sends the
 * requests due since the start, so a slow answer never delays the next request), over at most 16
 * keep-alive connections (requests wait in the client's queue when all are busy). Prints {@code
 * sent=… answered=… status={…} connections=…}. Runs on the packaged app's Vert.x:
 *
 * <pre>java -cp 'target/quarkus-app/lib/main/*' benchmark/OpenLoopLoad.java URL RATE SECONDS BODY</pre>
 */
public final class OpenLoopLoad {

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    Buffer body = Buffer.buffer(Files.readAllBytes(Path.of(args[3])));
    Vertx vertx = Vertx.vertx();
    int[] connections = {0};
    HttpClient client =
        vertx
            .httpClientBuilder()
            .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true))
            .with(new PoolOptions().setHttp1MaxSize(16))
            .withConnectHandler(connection -> connections[0]++)
            .build();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(uri.toString())
            .putHeader("content-type", "application/json");
    long total = (long) rate * seconds;
    long[] sent = {0};
    long[] answered = {0};
    Map<String, Long> statuses = new TreeMap<>();
    CountDownLatch done = new CountDownLatch(1);
    long start = System.nanoTime();
    // One event loop runs the ticks and the answers: no locks needed on the counters.
    vertx.runOnContext(
        go ->
            vertx.setPeriodic(
                1,
                tick -> {
                  long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
                  for (; sent[0] < due; sent[0]++) {
                    client
                        .request(options)
                        .compose(request -> request.send(body))
                        .compose(response -> response.body().map(b -> "" + response.statusCode()))
                        .onComplete(
                            result -> {
                              statuses.merge(
                                  result.succeeded() ? result.result() : "failed", 1L, Long::sum);
                              if (++answered[0] == total) {
                                done.countDown();
                              }
                            });
                  }
                }));
    boolean finished = done.await(seconds + 10L, TimeUnit.SECONDS);
    vertx
        .runOnContext(
            report ->
                System.out.printf(
                    "sent=%d answered=%d status=%s connections=%d%s%n",
                    sent[0],
                    answered[0],
                    statuses,
                    connections[0],
                    finished ? "" : " (timed out waiting for answers)"));
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
