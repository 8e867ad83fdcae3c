package io.drover.benchmarks.operator;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code scale} or {@code failover}, then {@code --name=value} settings; see
 * benchmarks/operator/README.md. Figures go to stdout and target/benchmarks/operator-*.tsv.
 */
public final class OperatorBenchmark {

  private OperatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !(args[0].equals("scale") || args[0].equals("failover"))) {
      System.err.println("usage: OperatorBenchmark scale|failover [--name=value ...]");
      System.exit(2);
    }
    String[] settings = Arrays.copyOfRange(args, 1, args.length);
    if (args[0].equals("scale")) {
      new ScaleBenchmark(BenchmarkOptions.parse(settings, Map.of())).run();
    } else {
      // Failover on a smaller world by default: the Lease, not the world's size, decides it.
      new FailoverBenchmark(
              BenchmarkOptions.parse(
                  settings,
                  Map.of(
                      "trainingruns", "100",
                      "services", "100",
                      "models", "100",
                      "modelversions", "1000",
                      "port", "18250")))
          .run();
    }
    System.exit(0);
  }
}
