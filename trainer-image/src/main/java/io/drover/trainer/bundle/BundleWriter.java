package io.drover.trainer.bundle;

import ai.djl.Model;
import io.drover.contract.bundle.DataValidationReport;
import io.drover.contract.bundle.EvaluationReport;
import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.bundle.ModelManifest;
import io.drover.contract.bundle.TrainingBaseline;
import io.drover.trainer.ExitCode;
import io.drover.trainer.TrainerFailure;
import io.drover.trainer.data.LabeledDataset;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes a model bundle directory. The manifest goes last and is removed first, so a directory
 * without one is an interrupted write and never mistaken for a bundle; a retried Job rewrites it.
 */
public final class BundleWriter {

  /** Prefix of the weights file; DJL's {@code Model.save} appends the epoch. */
  public static final String WEIGHTS_PREFIX = "model";

  private BundleWriter() {}

  /** Everything in a bundle besides the manifest's weights file name, which this fills in. */
  public record Contents(
      ModelManifest manifest,
      Model model,
      int epoch,
      TrainingBaseline baseline,
      EvaluationReport evaluation,
      DataValidationReport validation,
      LabeledDataset dataset,
      int[] testRows) {}

  /** Fails early, before training, when the output cannot be written. */
  public static void prepare(Path output) {
    try {
      Files.createDirectories(output);
      Path probe = Files.createTempFile(output, ".drover-write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw TrainerFailure.invalidInput(
          "%s: cannot write the model bundle there (%s)".formatted(output, reason(e)));
    }
  }

  /**
   * @return the bundle's digest, {@code sha256:<hex>}
   */
  public static String write(Path output, Contents contents) {
    try {
      Files.createDirectories(output);
      Files.deleteIfExists(output.resolve(ModelBundles.MANIFEST_FILE));
      deleteStaleWeights(output);
      contents.model().setProperty("Epoch", String.valueOf(contents.epoch()));
      contents.model().save(output, WEIGHTS_PREFIX);
      String weights = weightsFileName(contents.epoch());
      if (!Files.isRegularFile(output.resolve(weights))) {
        throw new IOException("the engine did not write " + weights);
      }
      ModelBundles.write(output.resolve(ModelBundles.BASELINE_FILE), contents.baseline());
      ModelBundles.write(output.resolve(ModelBundles.EVALUATION_FILE), contents.evaluation());
      Path validation = output.resolve(ModelBundles.VALIDATION_FILE);
      if (contents.validation() == null) {
        Files.deleteIfExists(validation);
      } else {
        ModelBundles.write(validation, contents.validation());
      }
      writeTestSplit(
          output.resolve(ModelBundles.TEST_DATA_FILE), contents.dataset(), contents.testRows());
      ModelManifest m = contents.manifest();
      ModelManifest manifest =
          new ModelManifest(
              m.apiVersion(),
              m.name(),
              m.version(),
              m.format(),
              m.engine(),
              m.architecture(),
              weights,
              m.input(),
              m.output(),
              m.metrics(),
              m.hyperparameters(),
              m.dataset(),
              m.trainingRun(),
              m.trial(),
              m.createdAt());
      ModelBundles.write(output.resolve(ModelBundles.MANIFEST_FILE), manifest);
      return ModelBundles.digest(output);
    } catch (IOException e) {
      throw new TrainerFailure(
          ExitCode.INTERNAL_ERROR,
          "%s: writing the model bundle failed (%s)".formatted(output, reason(e)),
          e);
    }
  }

  static String weightsFileName(int epoch) {
    return String.format(Locale.ROOT, "%s-%04d.params", WEIGHTS_PREFIX, epoch);
  }

  /** The held-out rows with the model's columns, values written so they parse back exactly. */
  private static void writeTestSplit(Path file, LabeledDataset dataset, int[] rows)
      throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      List<String> header = new ArrayList<>(dataset.featureNames());
      header.add(dataset.labelColumn());
      out.write(String.join(",", header.stream().map(BundleWriter::csvCell).toList()));
      out.write('\n');
      StringBuilder line = new StringBuilder();
      for (int row : rows) {
        line.setLength(0);
        for (int f = 0; f < dataset.featureCount(); f++) {
          line.append(Double.toString(dataset.value(row, f))).append(',');
        }
        line.append(csvCell(dataset.labelNames().get(dataset.labels()[row])));
        out.write(line.append('\n').toString());
      }
    }
  }

  private static String csvCell(String text) {
    boolean needsQuotes = text.contains(",") || text.contains("\"") || !text.equals(text.strip());
    return needsQuotes ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }

  private static void deleteStaleWeights(Path output) throws IOException {
    try (Stream<Path> files = Files.list(output)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith(WEIGHTS_PREFIX + "-") && name.endsWith(".params")) {
          Files.delete(file);
        }
      }
    }
  }

  private static String reason(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.toString();
  }
}
