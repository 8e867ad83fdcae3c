package io.drover.trainer;

import static io.drover.contract.TrainerEnvironment.OUTPUT_URI;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.contract.bundle.ModelBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluate mode: a bundle's metrics on a data set, without training. */
class EvaluateModeTest {

  @TempDir static Path work;
  static Path bundle;
  static TrainerRun.Outcome trained;

  @TempDir Path dir;

  @BeforeAll
  static void train() {
    bundle = work.resolve("bundle");
    trained = TrainerRun.train(TrainerRun.dataset("iris.csv")).output(bundle).run(work);
    assertThat(trained.exitCode()).as(trained.log()).isZero();
  }

  @Test
  void reproducesTheTestMetricsOfATrainedBundle() throws IOException {
    TrainerRun.Outcome evaluated =
        TrainerRun.evaluate(bundle, bundle.resolve(ModelBundles.TEST_DATA_FILE))
            .with(OUTPUT_URI, dir.resolve("report").toString())
            .run(dir);

    assertThat(evaluated.exitCode()).as(evaluated.log()).isZero();
    assertThat(evaluated.result().metrics()).isEqualTo(trained.result().metrics());
    assertThat(evaluated.result().dataset().rows()).isEqualTo(30);
    assertThat(evaluated.result().bundle().digest()).isEqualTo(trained.result().bundle().digest());
    assertThat(evaluated.log()).doesNotContain("epoch 1/");
    assertThat(ModelBundles.readEvaluation(dir.resolve("report")).confusionMatrix())
        .isEqualTo(ModelBundles.readEvaluation(bundle).confusionMatrix());
  }

  @Test
  void scoresAnyDataSetWithTheModelsColumnsInAnyOrder() throws IOException {
    List<String> lines = Files.readAllLines(TrainerRun.dataset("iris.csv"));
    List<String> reordered =
        lines.stream()
            .map(line -> line.split(","))
            .map(c -> String.join(",", c[4], c[3], c[2], c[1], c[0]))
            .toList();
    Path file = Files.write(dir.resolve("reordered.csv"), reordered);

    TrainerRun.Outcome evaluated = TrainerRun.evaluate(bundle, file).run(dir);

    assertThat(evaluated.exitCode()).as(evaluated.log()).isZero();
    assertThat(evaluated.result().dataset().rows()).isEqualTo(150);
    assertThat(evaluated.metric("accuracy")).isGreaterThan(0.9);
  }

  @Test
  void refusesDataLackingAFeatureTheModelReads() throws IOException {
    List<String> lines = Files.readAllLines(TrainerRun.dataset("iris.csv"));
    Path file =
        Files.write(
            dir.resolve("three-features.csv"),
            lines.stream().map(line -> line.substring(line.indexOf(',') + 1)).toList());

    TrainerRun.Outcome evaluated = TrainerRun.evaluate(bundle, file).run(dir);

    assertThat(evaluated.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(evaluated.result().message())
        .contains(file.toString(), "line 1", "needs column sepal_length");
  }

  @Test
  void refusesAMissingOrBrokenBundleNamingTheVariable() throws IOException {
    TrainerRun.Outcome missing =
        TrainerRun.evaluate(dir.resolve("no-bundle"), TrainerRun.dataset("iris.csv")).run(dir);

    assertThat(missing.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(missing.result().message()).contains("DROVER_BUNDLE_URI", "does not exist");

    Path broken = dir.resolve("broken");
    Files.createDirectories(broken);
    for (String file : List.of(ModelBundles.MANIFEST_FILE, ModelBundles.BASELINE_FILE)) {
      Files.copy(bundle.resolve(file), broken.resolve(file));
    }
    String weights = ModelBundles.readManifest(bundle).weights();
    Files.write(broken.resolve(weights), new byte[] {1, 2, 3});

    TrainerRun.Outcome corrupt =
        TrainerRun.evaluate(broken, TrainerRun.dataset("iris.csv")).run(dir);

    assertThat(corrupt.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(corrupt.result().message()).contains("DROVER_BUNDLE_URI", weights);
  }
}
