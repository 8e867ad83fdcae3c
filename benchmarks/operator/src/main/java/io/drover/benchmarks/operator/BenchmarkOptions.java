package io.drover.benchmarks.operator;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line: {@code --name=value} settings over the defaults (the sizes).
 *
 * @param root the repository root (crds/, the operator jar, target/benchmarks)
 * @param port the local API's port; the operator replicas take the next ones
 * @param variants the names of the {@link JvmVariant}s scale restarts the operator under, in order
 */
record BenchmarkOptions(
    Path root,
    int port,
    int trainingRuns,
    int services,
    int models,
    int modelVersions,
    int probes,
    double rate,
    int rounds,
    int holdSeconds,
    List<String> variants) {

  private static final Set<String> NAMES =
      Set.of(
          "root",
          "port",
          "trainingruns",
          "services",
          "models",
          "modelversions",
          "probes",
          "rate",
          "rounds",
          "hold",
          "variants");

  static BenchmarkOptions parse(String[] args, Map<String, String> defaults) {
    Map<String, String> values = new HashMap<>(defaults);
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      String name = arg.substring(2, arg.indexOf('='));
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException(
            "unknown setting --" + name + "; known: " + String.join(", ", NAMES));
      }
      values.put(name, arg.substring(arg.indexOf('=') + 1));
    }
    BenchmarkOptions options =
        new BenchmarkOptions(
            Path.of(values.getOrDefault("root", ".")).toAbsolutePath().normalize(),
            integer(values, "port", 18200),
            integer(values, "trainingruns", 1000),
            integer(values, "services", 1000),
            integer(values, "models", 1000),
            integer(values, "modelversions", 10000),
            integer(values, "probes", 200),
            Double.parseDouble(values.getOrDefault("rate", "5")),
            integer(values, "rounds", 3),
            integer(values, "hold", 0),
            values.containsKey("variants")
                ? List.of(values.get("variants").split(","))
                : JvmVariant.ALL.stream().map(JvmVariant::name).toList());
    if (options.models() < 1 || options.modelVersions() % options.models() != 0) {
      throw new IllegalArgumentException(
          "--modelversions (%d) must be a multiple of --models (%d): each model gets the same number of versions"
              .formatted(options.modelVersions(), options.models()));
    }
    for (String variant : options.variants()) {
      JvmVariant.named(variant);
    }
    return options;
  }

  int versionsPerModel() {
    return modelVersions / models;
  }

  Path operatorJar() {
    return root.resolve("operator/target/quarkus-app/quarkus-run.jar");
  }

  Path crds() {
    return root.resolve("crds");
  }

  Path output() {
    return root.resolve("target/benchmarks");
  }

  private static int integer(Map<String, String> values, String name, int fallback) {
    String value = values.get(name);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, was " + value);
    }
  }
}
