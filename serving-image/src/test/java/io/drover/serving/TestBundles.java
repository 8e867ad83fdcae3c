package io.drover.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real bundles for the tests, trained by the reference trainer ({@code io.drover.trainer.Main}) in
 * a child JVM on the test class path, exactly as a training pod runs it. A child process keeps the
 * trainer's DJL engine out of the JVM that runs the server under test.
 */
public final class TestBundles {

  /** The trainer's test data, shared rather than copied. */
  public static final Path DATA =
      Path.of("..", "trainer-image", "src", "test", "resources", "data");

  private static final Map<String, Path> TRAINED = new HashMap<>();

  private TestBundles() {}

  public static Path irisData() {
    return DATA.resolve("iris.csv");
  }

  /** Iris, 4 features and 3 labels, trained once per test JVM. */
  public static synchronized Path iris() {
    return TRAINED.computeIfAbsent(
        "iris", name -> train(name, irisData(), "{\"epochs\":\"60\",\"hiddenLayers\":\"16,16\"}"));
  }

  /** Trains {@code data} with the given hyperparameters (JSON) into a fresh directory. */
  public static Path train(String name, Path data, String hyperparameters) {
    return train(name, data, hyperparameters, Map.of());
  }

  /**
   * Where {@link #train} leaves the trainer's result (its termination message) for {@code name}.
   */
  public static Path result(String name) {
    return Path.of("target", "test-bundles", name + ".result").toAbsolutePath();
  }

  /**
   * Trains {@code data} into a fresh directory, with further trainer-contract variables ({@code
   * DROVER_DATASET_SOURCES}, for example).
   */
  public static Path train(
      String name, Path data, String hyperparameters, Map<String, String> moreEnv) {
    Path output = Path.of("target", "test-bundles", name).toAbsolutePath();
    try {
      deleteRecursively(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    runTrainer(name, data, hyperparameters, output.toString(), moreEnv);
    return output;
  }

  /**
   * Runs the trainer with its output at {@code outputUri} (a directory or an {@code s3://}
   * location, with the storage variables in {@code extraEnv}).
   *
   * @return the trainer's result (termination message), as JSON text
   */
  public static String runTrainer(
      String name,
      Path data,
      String hyperparameters,
      String outputUri,
      Map<String, String> extraEnv) {
    Path work = Path.of("target", "test-bundles").toAbsolutePath();
    Path log = work.resolve(name + ".log");
    Path result = work.resolve(name + ".result");
    try {
      Files.createDirectories(work);
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      ProcessBuilder builder =
          new ProcessBuilder(
                  List.of(
                      java.toString(),
                      "-Dslf4j.provider=org.slf4j.impl.JBossSlf4jServiceProvider",
                      "-cp",
                      System.getProperty("java.class.path"),
                      "io.drover.trainer.Main"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.put("DROVER_RUN", name + "-1");
      env.put("DROVER_MODEL", name);
      env.put("DROVER_DATASET_URI", data.toAbsolutePath().toString());
      env.put("DROVER_OUTPUT_URI", outputUri);
      env.put("DROVER_HYPERPARAMETERS", hyperparameters);
      env.put("DROVER_TERMINATION_LOG", result.toString());
      env.putAll(extraEnv);
      Process process = builder.start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("training " + name + " did not finish; see " + log);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "training %s failed (exit %d): %s"
                .formatted(name, process.exitValue(), Files.readString(log)));
      }
      return Files.readString(result);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The data set's rows: features in column order, then the label. */
  public static List<String[]> rows(Path csv) {
    try (Stream<String> lines = Files.lines(csv)) {
      return lines.skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static double[] features(String[] row) {
    double[] values = new double[row.length - 1];
    for (int i = 0; i < values.length; i++) {
      values[i] = Double.parseDouble(row[i]);
    }
    return values;
  }

  public static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
