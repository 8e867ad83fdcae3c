package io.drover.trainer;

import static io.drover.contract.TrainerEnvironment.MODEL;
import static io.drover.contract.TrainerEnvironment.RUN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.drover.contract.TrainerResult.Outcome;
import io.drover.contract.bundle.EvaluationReport;
import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.bundle.ModelManifest;
import io.drover.contract.bundle.TrainingBaseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real training with DJL on the shared data sets, and the bundle it leaves behind. */
class TrainingTest {

  private static final Pattern EPOCH_LINE =
      Pattern.compile(
          "(?m)^epoch \\d+/\\d+ loss=\\d+\\.\\d{4} accuracy=\\d\\.\\d{4}"
              + " validation_loss=\\d+\\.\\d{4} validation_accuracy=\\d\\.\\d{4}$");

  @TempDir static Path work;
  static Path irisBundle;
  static TrainerRun.Outcome iris;

  @BeforeAll
  static void trainIris() {
    irisBundle = work.resolve("iris-bundle");
    iris =
        TrainerRun.train(TrainerRun.dataset("iris.csv"))
            .with(MODEL, "iris")
            .with(RUN, "iris-run-1")
            .output(irisBundle)
            .run(work);
  }

  @Test
  void irisReachesTestAccuracyOfAtLeastNinetyPercent() {
    assertThat(iris.exitCode()).as(iris.log()).isZero();
    assertThat(iris.result().outcome()).isEqualTo(Outcome.Succeeded);
    assertThat(iris.metric("accuracy")).isGreaterThanOrEqualTo(0.9);
    assertThat(iris.result().metrics()).containsKeys("precision", "recall", "f1", "logLoss");
    assertThat(iris.result().message()).contains("test accuracy");
  }

  @Test
  void breastCancerReachesTestAccuracyOfAtLeastNinetyThreePercent(@TempDir Path dir) {
    TrainerRun.Outcome run =
        TrainerRun.train(TrainerRun.dataset("breast_cancer.csv")).output(dir.resolve("b")).run(dir);

    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.metric("accuracy")).isGreaterThanOrEqualTo(0.93);
    assertThat(run.metric("f1")).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void sameSeedAndDataGiveTheSameModelAndMetrics(@TempDir Path dir) throws IOException {
    TrainerRun.Outcome again =
        TrainerRun.train(TrainerRun.dataset("iris.csv"))
            .with(MODEL, "iris")
            .output(dir.resolve("again"))
            .run(dir);

    assertThat(again.result().metrics()).isEqualTo(iris.result().metrics());
    String weights = ModelBundles.readManifest(irisBundle).weights();
    assertThat(Files.readAllBytes(dir.resolve("again").resolve(weights)))
        .isEqualTo(Files.readAllBytes(irisBundle.resolve(weights)));
  }

  @Test
  void anotherSeedTrainsAnotherModel(@TempDir Path dir) {
    TrainerRun.Outcome other =
        TrainerRun.train(TrainerRun.dataset("iris.csv"))
            .hyperparameter("seed", "7")
            .output(dir.resolve("other"))
            .run(dir);

    assertThat(other.exitCode()).isZero();
    assertThat(other.metric("logLoss")).isNotEqualTo(iris.metric("logLoss"));
  }

  @Test
  void bundleHoldsManifestWeightsBaselineEvaluationAndTestSplit() throws IOException {
    ModelManifest manifest = ModelBundles.readManifest(irisBundle);
    assertThat(manifest.apiVersion()).isEqualTo(ModelBundles.API_VERSION);
    assertThat(manifest.name()).isEqualTo("iris");
    assertThat(manifest.version()).isEqualTo("iris-run-1");
    assertThat(manifest.trainingRun()).isEqualTo("iris-run-1");
    assertThat(manifest.format()).isEqualTo("drover-mlp");
    assertThat(manifest.engine()).startsWith("PyTorch ");
    assertThat(manifest.architecture().inputs()).isEqualTo(4);
    assertThat(manifest.architecture().hidden()).containsExactly(64, 32);
    assertThat(manifest.architecture().outputs()).isEqualTo(3);
    assertThat(manifest.input().names())
        .containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
    assertThat(manifest.input().features()).allSatisfy(f -> assertThat(f.scale()).isPositive());
    assertThat(manifest.output().labelColumn()).isEqualTo("species");
    assertThat(manifest.output().labels()).containsExactly("setosa", "versicolor", "virginica");
    assertThat(manifest.metrics()).isEqualTo(iris.result().metrics());
    assertThat(manifest.hyperparameters())
        .containsEntry("epochs", "100")
        .containsEntry("learningRate", "0.001")
        .containsEntry("hiddenLayers", "64,32")
        .containsEntry("labelColumn", "species");
    assertThat(manifest.dataset().digest()).isEqualTo(iris.result().dataset().digest());
    assertThat(manifest.dataset().rows()).isEqualTo(150);
    assertThat(Instant.parse(manifest.createdAt())).isBefore(Instant.now().plusSeconds(1));
    assertThat(irisBundle.resolve(manifest.weights())).isRegularFile();

    TrainingBaseline baseline = ModelBundles.readBaseline(irisBundle);
    assertThat(baseline.rows()).isEqualTo(150);
    assertThat(baseline.labels()).containsEntry("setosa", 50L);
    TrainingBaseline.FeatureBaseline sepalLength = baseline.features().get(0);
    assertThat(sepalLength.name()).isEqualTo("sepal_length");
    assertThat(sepalLength.mean()).isCloseTo(5.8433, within(1e-3));
    assertThat(sepalLength.min()).isEqualTo(4.3);
    assertThat(sepalLength.max()).isEqualTo(7.9);
    assertThat(sepalLength.quantiles()).extracting("q").contains(0.01, 0.5, 0.99);
    assertThat(sepalLength.histogram().counts().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(150);
    assertThat(sepalLength.sample()).hasSize(150).isSorted();

    EvaluationReport evaluation = ModelBundles.readEvaluation(irisBundle);
    assertThat(evaluation.metrics()).isEqualTo(iris.result().metrics());
    assertThat(evaluation.confusionMatrix()).hasSize(3);
    long tested =
        evaluation.confusionMatrix().stream().flatMap(List::stream).mapToLong(c -> c).sum();
    assertThat(tested).isEqualTo(evaluation.training().testRows()).isEqualTo(30);
    assertThat(evaluation.classes())
        .extracting("label")
        .containsExactly("setosa", "versicolor", "virginica");
    assertThat(evaluation.training().curve()).hasSize(evaluation.training().epochs());
    assertThat(evaluation.training().curve().get(0).validationLoss()).isNotNull();
    assertThat(Files.readAllLines(irisBundle.resolve(ModelBundles.TEST_DATA_FILE))).hasSize(31);

    assertThat(iris.result().bundle().uri()).isEqualTo(irisBundle.toString());
    assertThat(iris.result().bundle().digest()).isEqualTo(ModelBundles.digest(irisBundle));
  }

  @Test
  void logsOneLinePerEpoch() throws IOException {
    int epochs = ModelBundles.readEvaluation(irisBundle).training().epochs();
    assertThat(EPOCH_LINE.matcher(iris.log()).results().count()).isEqualTo(epochs);
    assertThat(iris.log()).contains("epoch 1/100 loss=");
  }

  @Test
  void earlyStoppingKeepsTheWeightsOfTheBestValidationEpoch(@TempDir Path dir) throws IOException {
    Path bundle = dir.resolve("early");
    TrainerRun.Outcome run =
        TrainerRun.train(TrainerRun.dataset("breast_cancer.csv"))
            .hyperparameter("epochs", "300")
            .hyperparameter("earlyStoppingPatience", "3")
            .output(bundle)
            .run(dir);

    assertThat(run.exitCode()).as(run.log()).isZero();
    EvaluationReport.Training training = ModelBundles.readEvaluation(bundle).training();
    assertThat(training.stoppedEarly()).isTrue();
    assertThat(training.epochs()).isEqualTo(training.bestEpoch() + 3).isLessThan(300);
    assertThat(ModelBundles.readManifest(bundle).weights())
        .isEqualTo("model-%04d.params".formatted(training.bestEpoch()));
    assertThat(run.log()).contains("early stopping after epoch " + training.epochs());
    // The kept weights are the best epoch's: evaluate mode on the test split agrees.
    TrainerRun.Outcome evaluated =
        TrainerRun.evaluate(bundle, bundle.resolve(ModelBundles.TEST_DATA_FILE)).run(dir);
    assertThat(evaluated.result().metrics()).isEqualTo(run.result().metrics());
  }

  @Test
  void trainsWithoutAValidationSplit(@TempDir Path dir) throws IOException {
    TrainerRun.Outcome run =
        TrainerRun.train(TrainerRun.dataset("iris.csv"))
            .hyperparameter("validationFraction", "0")
            .hyperparameter("earlyStoppingPatience", "0")
            .hyperparameter("epochs", "20")
            .output(dir.resolve("b"))
            .run(dir);

    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.log()).contains("epoch 20/20 loss=").doesNotContain("validation_loss");
    assertThat(ModelBundles.readEvaluation(dir.resolve("b")).training().validationRows()).isZero();
  }

  @Test
  void aRetriedRunRewritesTheBundleInPlace(@TempDir Path dir) throws IOException {
    Path bundle = dir.resolve("retried");
    TrainerRun.train(TrainerRun.dataset("iris.csv"))
        .hyperparameter("epochs", "7")
        .hyperparameter("earlyStoppingPatience", "0")
        .output(bundle)
        .run(dir);
    Files.writeString(bundle.resolve(ModelBundles.VALIDATION_FILE), "{}");

    TrainerRun.Outcome retried =
        TrainerRun.train(TrainerRun.dataset("iris.csv"))
            .hyperparameter("epochs", "5")
            .hyperparameter("earlyStoppingPatience", "0")
            .output(bundle)
            .run(dir);

    assertThat(retried.exitCode()).isZero();
    try (var files = Files.list(bundle)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(
              ModelBundles.MANIFEST_FILE,
              "model-0005.params",
              ModelBundles.BASELINE_FILE,
              ModelBundles.EVALUATION_FILE,
              ModelBundles.TEST_DATA_FILE);
    }
    assertThat(retried.result().bundle().digest()).isEqualTo(ModelBundles.digest(bundle));
  }
}
