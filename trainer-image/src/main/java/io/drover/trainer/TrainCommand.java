package io.drover.trainer;

import ai.djl.engine.Engine;
import io.drover.contract.TrainerEnvironment;
import io.drover.contract.TrainerResult;
import io.drover.contract.TrainerResult.Dataset;
import io.drover.contract.TrainerResult.ValidationVerdict;
import io.drover.contract.TrainerResult.Verdict;
import io.drover.contract.bundle.EvaluationReport;
import io.drover.contract.bundle.InvalidBundleException;
import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.bundle.ModelManifest;
import io.drover.contract.bundle.ModelManifest.DatasetSource;
import io.drover.contract.bundle.ModelManifest.Feature;
import io.drover.trainer.bundle.BundleWriter;
import io.drover.trainer.config.Hyperparameters;
import io.drover.trainer.config.RunEnvironment;
import io.drover.trainer.config.ValidationSettings;
import io.drover.trainer.data.BaselineCalculator;
import io.drover.trainer.data.DataLocation;
import io.drover.trainer.data.DataSplit;
import io.drover.trainer.data.DatasetLoader;
import io.drover.trainer.data.LabeledDataset;
import io.drover.trainer.data.ReferenceValidator;
import io.drover.trainer.data.SplitLeakage;
import io.drover.trainer.evaluate.ClassificationMetrics;
import io.drover.trainer.evaluate.ModelScorer;
import io.drover.trainer.storage.TrainerStorage;
import io.drover.trainer.train.MlpTrainer;
import io.drover.trainer.train.MlpTrainer.TrainedModel;
import io.drover.trainer.train.Standardization;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Train mode: read and validate the data, train, evaluate on the test split, write the bundle. */
final class TrainCommand {

  private TrainCommand() {}

  static TrainerResult run(RunEnvironment env, TrainerStorage storage, PrintStream log) {
    Hyperparameters hyperparameters = Hyperparameters.parse(env.hyperparameters());
    ValidationSettings settings = ValidationSettings.parse(env.validation(), log::println);
    DataLocation primary =
        new DataLocation(
            TrainerEnvironment.DATASET_URI,
            env.datasetUri(),
            storage.input(TrainerEnvironment.DATASET_URI, env.datasetUri()));
    List<DataLocation> further = storage.sources(env.datasetSources());
    TrainerStorage.Output output = storage.output(TrainerEnvironment.OUTPUT_URI, env.outputUri());
    BundleWriter.prepare(output.path());
    output.checkWritable();

    LabeledDataset data =
        DatasetLoader.forTraining(primary, further, hyperparameters.labelColumn());
    Dataset dataset = data.asResult();
    String modelName = env.model() != null ? env.model() : fileStem(data.source());
    logSources(data, log);
    log.printf(
        "read %s: %d rows, %d features, label column %s with %d labels %s, %s%n",
        further.isEmpty() ? data.source() : "%d sources".formatted(data.sources().size()),
        data.rows(),
        data.featureCount(),
        data.labelColumn(),
        data.labelNames().size(),
        data.labelNames(),
        data.digest());

    ReferenceValidator.Outcome validation = validate(env, storage, data, settings, log);
    List<ValidationVerdict> verdicts = validation == null ? List.of() : validation.verdicts();
    if (validation != null && validation.failure() != null) {
      throw new TrainerFailure(
          ExitCode.DATA_REJECTED,
          "data validation failed: " + validation.failure(),
          dataset,
          verdicts,
          null);
    }
    DataSplit split =
        DataSplit.stratified(
            data.labels(),
            data.labelNames().size(),
            hyperparameters.validationFraction(),
            hyperparameters.testFraction(),
            hyperparameters.seed());
    if (split.test().length == 0) {
      throw new TrainerFailure(
          ExitCode.INVALID_INPUT,
          "%s: %d rows leave no test rows at %s=%s; add rows or raise it"
              .formatted(
                  data.source(),
                  data.rows(),
                  Hyperparameters.TEST_FRACTION,
                  hyperparameters.testFraction()),
          dataset,
          verdicts,
          null);
    }
    SplitLeakage leakage = SplitLeakage.check(data, split, settings);
    if (leakage.verdict() != null) {
      log.printf(
          "validation %s: %s (%s)%n",
          SplitLeakage.CHECK, leakage.verdict().verdict(), leakage.problem());
      verdicts = worstFirst(verdicts, leakage.verdict());
      if (leakage.verdict().verdict() == Verdict.Fail) {
        throw new TrainerFailure(
            ExitCode.DATA_REJECTED,
            "data validation failed: " + leakage.problem(),
            dataset,
            verdicts,
            leakage.split(),
            null);
      }
    }
    markTrainingStarted(env, log);

    Standardization standardization = Standardization.fit(data, split.train());
    try (TrainedModel trained =
        MlpTrainer.train(modelName, data, split, standardization, hyperparameters, log)) {
      ClassificationMetrics test =
          ClassificationMetrics.of(
              ModelScorer.probabilities(trained.model(), standardization, data, split.test()),
              labelsOf(data, split.test()),
              data.labelNames());
      log.printf(
          "trained in %.2f s; test split (%d rows): %s%n",
          trained.seconds(), split.test().length, test.metrics());

      String digest =
          writeBundle(
              env,
              output.path(),
              modelName,
              data,
              split,
              standardization,
              trained,
              test,
              validation,
              hyperparameters);
      log.printf("wrote model bundle %s (%s)%n", output.path(), digest);
      output.publishBundle();

      String message =
          "trained %s on %d rows%s (%d features, %d labels) for %d epochs on %s: test accuracy %.4f, macro F1 %.4f"
              .formatted(
                  modelName,
                  data.rows(),
                  data.sources().size() < 2
                      ? ""
                      : " from %d sources".formatted(data.sources().size()),
                  data.featureCount(),
                  data.labelNames().size(),
                  trained.curve().size(),
                  trained.device(),
                  test.metrics().get(ClassificationMetrics.ACCURACY),
                  test.metrics().get(ClassificationMetrics.F1));
      if (validation != null && validation.warning() != null) {
        message += "; warning: " + validation.warning();
      }
      if (leakage.problem() != null) {
        message += "; warning: " + leakage.problem();
      }
      return new TrainerResult(
          TrainerResult.Outcome.Succeeded,
          message,
          test.metrics(),
          dataset,
          new TrainerResult.Bundle(env.outputUri(), digest, ModelBundles.FORMAT_MLP),
          verdicts,
          leakage.split());
    }
  }

  /** One line per source when there are several: where each row came from. */
  static void logSources(LabeledDataset data, PrintStream log) {
    if (data.sources().size() < 2) {
      return;
    }
    for (TrainerResult.SourceRead read : data.sources()) {
      log.printf("source %s: %d rows, %s%n", read.uri(), read.rows(), read.digest());
    }
  }

  /** The verdicts with one more, kept worst first (Fail, Warn, Pass; stable within each). */
  private static List<ValidationVerdict> worstFirst(
      List<ValidationVerdict> verdicts, ValidationVerdict added) {
    List<ValidationVerdict> all = new ArrayList<>(verdicts);
    all.add(added);
    all.sort(Comparator.comparing(v -> -v.verdict().ordinal()));
    return List.copyOf(all);
  }

  /** Tells whoever watches (the pod's readiness probe) that validation is over. */
  private static void markTrainingStarted(RunEnvironment env, PrintStream log) {
    if (env.trainingMarker() == null) {
      return;
    }
    try {
      Path marker = Path.of(env.trainingMarker());
      Files.createDirectories(marker.toAbsolutePath().getParent());
      Files.writeString(marker, "training\n");
    } catch (IOException | RuntimeException e) {
      // Progress reporting must never fail a training.
      log.printf("could not write %s: %s%n", TrainerEnvironment.TRAINING_MARKER, e.getMessage());
    }
  }

  /** Writes the bundle: manifest, weights, baseline, test report, validation report, test rows. */
  private static String writeBundle(
      RunEnvironment env,
      Path output,
      String modelName,
      LabeledDataset data,
      DataSplit split,
      Standardization standardization,
      TrainedModel trained,
      ClassificationMetrics test,
      ReferenceValidator.Outcome validation,
      Hyperparameters hyperparameters) {
    DatasetSource source =
        new DatasetSource(env.datasetUri(), env.datasetVersion(), data.digest(), data.rows());
    EvaluationReport evaluation =
        new EvaluationReport(
            new DatasetSource(ModelBundles.TEST_DATA_FILE, null, null, split.test().length),
            test.metrics(),
            data.labelNames(),
            test.confusionMatrixAsLists(),
            test.classes(),
            new EvaluationReport.Training(
                split.train().length,
                split.validation().length,
                split.test().length,
                trained.curve().size(),
                trained.bestEpoch(),
                trained.stoppedEarly(),
                trained.seconds(),
                trained.device(),
                trained.curve()));
    return BundleWriter.write(
        output,
        new BundleWriter.Contents(
            manifest(env, modelName, data, standardization, trained, test, hyperparameters, source),
            trained.model(),
            trained.bestEpoch(),
            BaselineCalculator.of(data, hyperparameters.seed()),
            evaluation,
            validation == null ? null : validation.report(),
            data,
            split.test()));
  }

  private static ReferenceValidator.Outcome validate(
      RunEnvironment env,
      TrainerStorage storage,
      LabeledDataset data,
      ValidationSettings settings,
      PrintStream log) {
    if (env.referenceUri() == null) {
      if (settings.requireNewData()) {
        log.println("no reference model given: new-data and shift checks skipped");
      }
      return null;
    }
    Path reference = storage.bundle(TrainerEnvironment.REFERENCE_URI, env.referenceUri(), false);
    ReferenceValidator.Outcome outcome;
    try {
      outcome =
          ReferenceValidator.validate(
              env.referenceUri(),
              ModelBundles.readManifest(reference),
              ModelBundles.readBaseline(reference),
              data,
              settings);
    } catch (InvalidBundleException e) {
      throw TrainerFailure.invalidInput(
          TrainerEnvironment.REFERENCE_URI
              + " names no usable reference bundle: "
              + e.getMessage());
    }
    for (ValidationVerdict verdict : outcome.verdicts()) {
      log.printf(
          "validation %s%s: %s%s%n",
          verdict.check(),
          verdict.feature() == null ? "" : " " + verdict.feature(),
          verdict.verdict(),
          verdict.statistic() == null
              ? ""
              : " (D=%.4f, p=%.3g)".formatted(verdict.statistic(), verdict.pValue()));
    }
    return outcome;
  }

  private static ModelManifest manifest(
      RunEnvironment env,
      String modelName,
      LabeledDataset data,
      Standardization standardization,
      TrainedModel trained,
      ClassificationMetrics test,
      Hyperparameters hyperparameters,
      DatasetSource source) {
    List<Feature> features = new ArrayList<>();
    for (int f = 0; f < data.featureCount(); f++) {
      features.add(
          new Feature(
              data.featureNames().get(f),
              "number",
              standardization.centers()[f],
              standardization.scales()[f]));
    }
    Engine engine = Engine.getEngine(MlpTrainer.ENGINE);
    return new ModelManifest(
        ModelBundles.API_VERSION,
        modelName,
        env.modelVersion(),
        ModelBundles.FORMAT_MLP,
        MlpTrainer.ENGINE + " " + engine.getVersion(),
        trained.architecture(),
        null, // the writer fills in the weights file it wrote
        new ModelManifest.InputSchema(features),
        new ModelManifest.OutputSchema(data.labelColumn(), data.labelNames(), "logits"),
        test.metrics(),
        hyperparameters.asMap(data.labelColumn()),
        source,
        env.run(),
        env.trial(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  static int[] labelsOf(LabeledDataset data, int[] rows) {
    int[] labels = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      labels[i] = data.labels()[rows[i]];
    }
    return labels;
  }

  private static String fileStem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
