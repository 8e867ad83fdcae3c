package io.drover.trainer;

import static io.drover.contract.TrainerEnvironment.VALIDATION;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.contract.TrainerResult.Verdict;
import io.drover.contract.TrainerResults;
import io.drover.contract.bundle.ModelBundles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 200-feature data set: the termination message must still fit Kubernetes' 4 KiB. */
class ManyFeaturesTest {

  static final int FEATURES = 200;

  @TempDir static Path work;
  static Path reference;

  @TempDir Path dir;

  @BeforeAll
  static void trainReference() throws IOException {
    reference = work.resolve("reference");
    TrainerRun.Outcome run =
        quickTraining(synthetic(work.resolve("wide.csv"), 0, 0.0)).output(reference).run(work);
    assertThat(run.exitCode()).as(run.log()).isZero();
  }

  static TrainerRun quickTraining(Path dataset) {
    return TrainerRun.train(dataset)
        .hyperparameter("epochs", "3")
        .hyperparameter("hiddenLayers", "16");
  }

  /**
   * Two classes of 300 rows; the first 20 features carry the signal. The first {@code shifted}
   * features are moved by {@code shift} standard deviations.
   */
  static Path synthetic(Path file, int shifted, double shift) throws IOException {
    Random random = new Random(11 + shifted);
    List<String> lines = new ArrayList<>();
    List<String> header = new ArrayList<>();
    for (int f = 0; f < FEATURES; f++) {
      header.add("measurement_%03d".formatted(f));
    }
    header.add("outcome");
    lines.add(String.join(",", header));
    for (int row = 0; row < 300; row++) {
      boolean positive = row % 2 == 0;
      StringBuilder line = new StringBuilder();
      for (int f = 0; f < FEATURES; f++) {
        double value =
            random.nextGaussian() + (f < 20 && positive ? 1.0 : 0.0) + (f < shifted ? shift : 0);
        line.append(String.format(Locale.ROOT, "%.5f", value)).append(',');
      }
      lines.add(line.append(positive ? "positive" : "negative").toString());
    }
    return Files.write(file, lines);
  }

  @Test
  void manyShiftWarningsStillFitTheTerminationMessage() throws IOException {
    TrainerRun.Outcome run =
        quickTraining(synthetic(dir.resolve("shifted.csv"), 150, 1.0))
            .reference(reference)
            .with(VALIDATION, "{\"onShift\":\"Warn\"}")
            .output(dir.resolve("candidate"))
            .run(dir);

    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.terminationMessage().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TrainerResults.MAX_BYTES);
    assertThat(run.result().metrics()).containsKey("accuracy");
    assertThat(run.result().bundle().digest()).startsWith("sha256:");
    assertThat(run.result().validation()).isNotEmpty();
    assertThat(run.result().validation().get(0).verdict()).isEqualTo(Verdict.Warn);
    assertThat(run.result().message()).contains("validation verdicts omitted", "validation.json");
    assertThat(ModelBundles.readValidation(dir.resolve("candidate")).checks())
        .hasSize(FEATURES + 1);
  }

  @Test
  void manyShiftFailuresStillFitTheTerminationMessage() throws IOException {
    TrainerRun.Outcome run =
        quickTraining(synthetic(dir.resolve("shifted.csv"), 150, 1.0))
            .reference(reference)
            .output(dir.resolve("candidate"))
            .run(dir);

    assertThat(run.exitCode()).isEqualTo(ExitCode.DATA_REJECTED.code());
    assertThat(run.terminationMessage().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TrainerResults.MAX_BYTES);
    assertThat(run.result().message())
        .startsWith("data validation failed")
        .contains("shifted", "and 145 more");
    assertThat(run.log()).contains("validation ks-shift measurement_199: Pass");
  }

  @Test
  void wholesaleSchemaChangeStillFitsTheTerminationMessage() throws IOException {
    List<String> lines = Files.readAllLines(synthetic(dir.resolve("base.csv"), 0, 0));
    lines.set(0, lines.get(0).replace("measurement_", "renamed_measurement_"));
    Path renamed = Files.write(dir.resolve("renamed.csv"), lines);

    TrainerRun.Outcome run =
        quickTraining(renamed).reference(reference).output(dir.resolve("candidate")).run(dir);

    assertThat(run.exitCode()).isEqualTo(ExitCode.DATA_REJECTED.code());
    assertThat(run.terminationMessage().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TrainerResults.MAX_BYTES);
    assertThat(run.result().message()).contains("columns differ", "missing measurement_000");
  }
}
