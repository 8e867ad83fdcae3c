package io.drover.serving.benchmark;

import io.drover.serving.model.Classifier;
import io.drover.serving.model.LoadedModel;
import io.drover.serving.model.ModelLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process baseline of {@code benchmarks/http/server.sh}, not a test: the server's own
 * prediction path (scaling, DJL forward pass, softmax) called in-process, with no HTTP and no JSON.
 * Prints one line per batch size: {@code inprocess rows=<n> p50_us=… p99_us=… rps=…}, latency from
 * one thread, throughput from {@code threads} threads.
 *
 * <pre>java -cp 'target/quarkus-app/lib/main/*:target/quarkus-app/app/*:target/test-classes' \
 *   io.drover.serving.benchmark.InProcessBenchmark BUNDLE SECONDS THREADS</pre>
 */
public final class InProcessBenchmark {

  private InProcessBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path bundle = Path.of(args[0]);
    double seconds = Double.parseDouble(args[1]);
    int threads = Integer.parseInt(args[2]);
    try (LoadedModel model = ModelLoader.load(bundle)) {
      Classifier classifier = model.classifier();
      for (int rows : new int[] {1, 32}) {
        double[][] batch = batch(classifier.features(), rows);
        run(classifier, batch, seconds / 2); // warm-up, discarded
        long[] latencies = run(classifier, batch, seconds);
        double rps = throughput(classifier, batch, seconds, threads);
        System.out.printf(
            Locale.ROOT,
            "inprocess rows=%d p50_us=%.1f p99_us=%.1f rps=%.0f%n",
            rows,
            percentile(latencies, 0.50) / 1e3,
            percentile(latencies, 0.99) / 1e3,
            rps);
      }
    }
  }

  private static double[][] batch(int features, int rows) {
    Random random = new Random(7);
    double[][] batch = new double[rows][features];
    for (double[] row : batch) {
      for (int f = 0; f < features; f++) {
        row[f] = 1 + 6 * random.nextDouble();
      }
    }
    return batch;
  }

  private static long[] run(Classifier classifier, double[][] batch, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long[] samples = new long[1 << 22];
    int n = 0;
    while (System.nanoTime() < end && n < samples.length) {
      long start = System.nanoTime();
      classifier.predict(batch);
      samples[n++] = System.nanoTime() - start;
    }
    long[] taken = Arrays.copyOf(samples, n);
    Arrays.sort(taken);
    return taken;
  }

  private static double throughput(
      Classifier classifier, double[][] batch, double seconds, int threads)
      throws InterruptedException {
    AtomicLong calls = new AtomicLong();
    CountDownLatch done = new CountDownLatch(threads);
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                long mine = 0;
                while (System.nanoTime() < end) {
                  classifier.predict(batch);
                  mine++;
                }
                calls.addAndGet(mine);
                done.countDown();
              });
      worker.start();
    }
    done.await();
    return calls.get() / ((System.nanoTime() - start) / 1e9);
  }

  private static double percentile(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }
}
