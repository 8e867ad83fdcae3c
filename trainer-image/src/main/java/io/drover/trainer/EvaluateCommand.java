package io.drover.trainer;

import ai.djl.Model;
import io.drover.contract.TrainerEnvironment;
import io.drover.contract.TrainerResult;
import io.drover.contract.bundle.EvaluationReport;
import io.drover.contract.bundle.InvalidBundleException;
import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.bundle.ModelManifest;
import io.drover.contract.bundle.ModelManifest.DatasetSource;
import io.drover.trainer.bundle.BundleLoader;
import io.drover.trainer.config.RunEnvironment;
import io.drover.trainer.data.DataLocation;
import io.drover.trainer.data.DatasetLoader;
import io.drover.trainer.data.LabeledDataset;
import io.drover.trainer.evaluate.ClassificationMetrics;
import io.drover.trainer.evaluate.ModelScorer;
import io.drover.trainer.storage.TrainerStorage;
import io.drover.trainer.train.Standardization;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Evaluate mode: a bundle's metrics on a data set, without training. Reports the same metrics as
 * training does on its test split, so a candidate and the Production model can be compared on the
 * same rows (for example the candidate's {@value ModelBundles#TEST_DATA_FILE}).
 */
final class EvaluateCommand {

  private EvaluateCommand() {}

  static TrainerResult run(RunEnvironment env, TrainerStorage storage, PrintStream log) {
    Path bundle = storage.bundle(TrainerEnvironment.BUNDLE_URI, env.bundleUri(), true);
    ModelManifest manifest;
    String bundleDigest;
    try {
      manifest = ModelBundles.readManifest(bundle);
      bundleDigest = ModelBundles.digest(bundle);
    } catch (InvalidBundleException | IOException e) {
      throw TrainerFailure.invalidInput(
          TrainerEnvironment.BUNDLE_URI + " names no usable model bundle: " + e.getMessage());
    }
    TrainerStorage.Output output =
        env.outputUri() == null
            ? null
            : storage.output(TrainerEnvironment.OUTPUT_URI, env.outputUri());
    LabeledDataset data =
        DatasetLoader.forModel(
            new DataLocation(
                TrainerEnvironment.DATASET_URI,
                env.datasetUri(),
                storage.input(TrainerEnvironment.DATASET_URI, env.datasetUri())),
            storage.sources(env.datasetSources()),
            manifest.input().names(),
            manifest.output().labelColumn(),
            manifest.output().labels());
    TrainerResult.Dataset dataset = data.asResult();
    TrainCommand.logSources(data, log);
    log.printf(
        "evaluating %s version %s on %s: %d rows, %s%n",
        manifest.name(),
        manifest.version(),
        data.sources().size() < 2 ? data.source() : "%d sources".formatted(data.sources().size()),
        data.rows(),
        data.digest());

    int[] rows = IntStream.range(0, data.rows()).toArray();
    float[][] probabilities;
    try (Model model = loadModel(bundle, manifest)) {
      probabilities =
          ModelScorer.probabilities(
              model, Standardization.of(manifest.input().features()), data, rows);
    }
    ClassificationMetrics metrics =
        ClassificationMetrics.of(probabilities, data.labels(), data.labelNames());
    log.printf("metrics: %s%n", metrics.metrics());

    if (output != null) {
      EvaluationReport report =
          new EvaluationReport(
              new DatasetSource(env.datasetUri(), env.datasetVersion(), data.digest(), data.rows()),
              metrics.metrics(),
              data.labelNames(),
              metrics.confusionMatrixAsLists(),
              metrics.classes(),
              null);
      Path reportFile = output.path().resolve(ModelBundles.EVALUATION_FILE);
      try {
        Files.createDirectories(output.path());
        ModelBundles.write(reportFile, report);
      } catch (IOException e) {
        throw new TrainerFailure(
            ExitCode.INTERNAL_ERROR,
            "%s: cannot write the evaluation report (%s)".formatted(output.path(), e.getMessage()),
            dataset,
            List.of(),
            e);
      }
      log.printf("wrote %s%n", reportFile);
      output.publishFiles();
    }
    return new TrainerResult(
        TrainerResult.Outcome.Succeeded,
        "evaluated %s version %s on %d rows: accuracy %.4f, macro F1 %.4f"
            .formatted(
                manifest.name(),
                manifest.version(),
                data.rows(),
                metrics.metrics().get(ClassificationMetrics.ACCURACY),
                metrics.metrics().get(ClassificationMetrics.F1)),
        metrics.metrics(),
        dataset,
        new TrainerResult.Bundle(env.bundleUri(), bundleDigest, manifest.format()),
        List.of());
  }

  private static Model loadModel(Path bundle, ModelManifest manifest) {
    try {
      return BundleLoader.load(bundle, manifest);
    } catch (InvalidBundleException e) {
      throw TrainerFailure.invalidInput(
          TrainerEnvironment.BUNDLE_URI + " names no usable model bundle: " + e.getMessage());
    }
  }
}
