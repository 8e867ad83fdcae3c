package io.drover.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.contract.TrainerEnvironment;
import io.drover.contract.TrainerResult;
import io.drover.contract.TrainerResults;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap a training needs stays a small multiple of its data. A child JVM trains on a 15 MB CSV
 * (600 000 rows of 4 features) in a 48 MiB heap with the serial collector (so the limit means the
 * same on every machine). Before values were kept compactly (an array per row, a float copy of the
 * training rows, boxed row indices in the split) this needed 64 MiB; now about 40 MiB.
 */
class LargeDataMemoryTest {

  private static final int ROWS = 600_000;
  private static final String HEAP = "-Xmx48m";

  @TempDir Path dir;

  @Test
  void trainsOnDataAQuarterOfItsHeapWithoutRunningOutOfMemory() throws Exception {
    Path csv = narrowDataSet(dir.resolve("narrow.csv"));
    Path result = dir.resolve("result.json");
    Path log = dir.resolve("trainer.log");
    ProcessBuilder trainer =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-XX:+UseSerialGC",
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    trainer
        .environment()
        .putAll(
            Map.of(
                TrainerEnvironment.DATASET_URI, csv.toString(),
                TrainerEnvironment.OUTPUT_URI, dir.resolve("bundle").toString(),
                TrainerEnvironment.TERMINATION_LOG, result.toString(),
                TrainerEnvironment.VALIDATION, "{\"onLeakage\": \"Warn\"}",
                TrainerEnvironment.HYPERPARAMETERS,
                    "{\"epochs\":\"1\",\"batchSize\":\"4096\",\"hiddenLayers\":\"8\","
                        + "\"earlyStoppingPatience\":\"0\"}"));
    Process process = trainer.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("trainer finished").isTrue();

    String output = Files.readString(log);
    assertThat(process.exitValue()).as(tail(output)).isZero();
    TrainerResult reported = TrainerResults.parse(Files.readString(result));
    assertThat(reported.outcome()).isEqualTo(TrainerResult.Outcome.Succeeded);
    assertThat(reported.dataset().rows()).isEqualTo(ROWS);
  }

  /** Iris-like rows: four one-decimal measurements and one of three species. */
  private static Path narrowDataSet(Path file) throws IOException {
    Random random = new Random(2);
    List<String> species = List.of("setosa", "versicolor", "virginica");
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      out.write("a,b,c,d,species\n");
      for (int row = 0; row < ROWS; row++) {
        int label = random.nextInt(3);
        out.write(
            String.format(
                Locale.ROOT,
                "%.1f,%.1f,%.1f,%.1f,%s%n",
                5 + label + random.nextGaussian(),
                3 + random.nextGaussian(),
                2 * label + random.nextGaussian(),
                label + 0.5 * random.nextGaussian(),
                species.get(label)));
      }
    }
    return file;
  }

  private static String tail(String log) {
    return log.length() <= 3000 ? log : log.substring(log.length() - 3000);
  }
}
