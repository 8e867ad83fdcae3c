package io.drover.e2e.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real iris bundle, trained by the reference trainer ({@code io.drover.trainer.Main}, on this
 * module's class path) in a child JVM as a training pod runs it.
 */
final class IrisBundle {

  private IrisBundle() {}

  /** Trains {@code data} into {@code output}; the trainer's log lies beside it. */
  static Path train(Path output, Path data) throws IOException, InterruptedException {
    Files.createDirectories(output.getParent());
    Path log = output.resolveSibling("trainer.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.drover.trainer.Main")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("DROVER_"));
    env.put("DROVER_RUN", "iris-1");
    env.put("DROVER_MODEL", "iris");
    env.put("DROVER_DATASET_URI", data.toAbsolutePath().toString());
    env.put("DROVER_OUTPUT_URI", output.toString());
    env.put("DROVER_HYPERPARAMETERS", "{\"epochs\":\"60\",\"hiddenLayers\":\"16,16\"}");
    env.put("DROVER_TERMINATION_LOG", output.resolveSibling("trainer.result").toString());
    Process process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("training did not finish in 3 minutes; see " + log);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "training failed (exit %d): %s".formatted(process.exitValue(), Files.readString(log)));
    }
    return output;
  }

  /** The data set's rows: the four features, then the label. */
  static List<String[]> rows(Path csv) {
    try (Stream<String> lines = Files.lines(csv)) {
      return lines.skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
