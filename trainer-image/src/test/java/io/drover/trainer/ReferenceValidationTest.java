package io.drover.trainer;

import static io.drover.contract.TrainerEnvironment.VALIDATION;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.contract.TrainerEnvironment;
import io.drover.contract.TrainerResult.ValidationVerdict;
import io.drover.contract.TrainerResult.Verdict;
import io.drover.contract.bundle.DataValidationReport;
import io.drover.contract.bundle.ModelBundles;
import io.drover.trainer.data.SplitLeakage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** New data checked against the model it would replace, as the reference bundle describes it. */
class ReferenceValidationTest {

  @TempDir static Path work;
  static Path reference;

  @TempDir Path dir;

  @BeforeAll
  static void trainReference() {
    reference = work.resolve("reference");
    TrainerRun.Outcome run =
        TrainerRun.train(TrainerRun.dataset("iris.csv"))
            .hyperparameter("epochs", "10")
            .output(reference)
            .run(work);
    assertThat(run.exitCode()).as(run.log()).isZero();
  }

  private TrainerRun against(Path dataset) {
    return TrainerRun.train(dataset)
        .hyperparameter("epochs", "10")
        .reference(reference)
        .output(dir.resolve("candidate"));
  }

  /** iris.csv with every line rewritten by {@code edit}. */
  private Path iris(String name, java.util.function.UnaryOperator<String[]> edit)
      throws IOException {
    List<String> lines = Files.readAllLines(TrainerRun.dataset("iris.csv"));
    List<String> edited = new ArrayList<>();
    for (String line : lines) {
      edited.add(String.join(",", edit.apply(line.split(","))));
    }
    return Files.write(dir.resolve(name), edited);
  }

  private static ValidationVerdict verdict(TrainerRun.Outcome run, String check, String feature) {
    return run.result().validation().stream()
        .filter(v -> v.check().equals(check))
        .filter(v -> feature == null || feature.equals(v.feature()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + check + " verdict in " + run.result()));
  }

  @Test
  void schemaChangeIsRefused() throws IOException {
    Path withoutPetalWidth =
        iris("no-petal-width.csv", cells -> new String[] {cells[0], cells[1], cells[2], cells[4]});

    TrainerRun.Outcome run = against(withoutPetalWidth).run(dir);

    assertThat(run.exitCode()).as(run.log()).isEqualTo(ExitCode.DATA_REJECTED.code());
    assertThat(run.result().message())
        .contains("columns differ", "missing petal_width", "reference model");
    assertThat(verdict(run, "schema", "petal_width").verdict()).isEqualTo(Verdict.Fail);
    assertThat(run.result().dataset().rows()).isEqualTo(150);
    assertThat(run.log()).doesNotContain("epoch 1/");
  }

  @Test
  void renamedColumnIsASchemaChange() throws IOException {
    Path renamed =
        iris(
            "renamed.csv",
            cells -> {
              if (cells[0].equals("sepal_length")) cells[0] = "sepal_len";
              return cells;
            });

    TrainerRun.Outcome run = against(renamed).run(dir);

    assertThat(run.exitCode()).isEqualTo(ExitCode.DATA_REJECTED.code());
    assertThat(run.result().message()).contains("missing sepal_length", "unexpected sepal_len");
  }

  @Test
  void identicalDataIsRefusedWhenNewDataIsRequired() {
    Path marker = dir.resolve("refused").resolve("training-started");
    TrainerRun.Outcome run =
        against(TrainerRun.dataset("iris.csv"))
            .with(VALIDATION, "{\"requireNewData\": true}")
            .with(TrainerEnvironment.TRAINING_MARKER, marker.toString())
            .run(dir);

    assertThat(marker).as("training never started").doesNotExist();
    assertThat(run.exitCode()).as(run.log()).isEqualTo(ExitCode.DATA_REJECTED.code());
    assertThat(run.result().message()).contains("identical", "requires new data");
    assertThat(verdict(run, "new-data", null).verdict()).isEqualTo(Verdict.Fail);
    assertThat(run.result().validation().get(0).verdict()).isEqualTo(Verdict.Fail);
  }

  @Test
  void identicalDataTrainsWhenNewDataIsNotRequired() {
    Path marker = dir.resolve("accepted").resolve("training-started");
    TrainerRun.Outcome run =
        against(TrainerRun.dataset("iris.csv"))
            .with(TrainerEnvironment.TRAINING_MARKER, marker.toString())
            .run(dir);

    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(marker).as("validation over, training started").exists();
    ValidationVerdict petalLength = verdict(run, "ks-shift", "petal_length");
    assertThat(petalLength.verdict()).isEqualTo(Verdict.Pass);
    assertThat(petalLength.statistic()).isZero();
    assertThat(petalLength.pValue()).isEqualTo(1.0);
  }

  @Test
  void shiftedFeatureFailsByDefault() throws IOException {
    Path shifted = shiftPetalLength();

    TrainerRun.Outcome run = against(shifted).run(dir);

    assertThat(run.exitCode()).as(run.log()).isEqualTo(ExitCode.DATA_REJECTED.code());
    assertThat(run.result().message()).contains("shifted", "petal_length");
    ValidationVerdict petalLength = verdict(run, "ks-shift", "petal_length");
    assertThat(petalLength.verdict()).isEqualTo(Verdict.Fail);
    assertThat(petalLength.pValue()).isLessThan(0.01 / 4);
    assertThat(petalLength.statistic()).isGreaterThan(0.3);
    assertThat(run.result().validation().get(0)).isEqualTo(petalLength);
    assertThat(verdict(run, "ks-shift", "sepal_width").verdict()).isEqualTo(Verdict.Pass);
    assertThat(run.result().bundle()).isNull();
  }

  @Test
  void shiftedFeatureOnlyWarnsWhenSettingsSaySo() throws IOException {
    TrainerRun.Outcome run =
        against(shiftPetalLength())
            .with(VALIDATION, "{\"onShift\": \"Warn\", \"shiftSignificance\": 0.05}")
            .run(dir);

    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.result().message()).contains("warning", "petal_length");
    assertThat(verdict(run, "ks-shift", "petal_length").verdict()).isEqualTo(Verdict.Warn);
    DataValidationReport report = ModelBundles.readValidation(dir.resolve("candidate"));
    assertThat(report.checks()).hasSize(5); // schema + one shift test per feature
    assertThat(report.shiftSignificance()).isEqualTo(0.05);
  }

  @Test
  void freshSampleFromTheSameDistributionPasses() throws IOException {
    // A bootstrap resample: new rows (a new digest), the same distribution.
    List<String> lines = Files.readAllLines(TrainerRun.dataset("iris.csv"));
    Random random = new Random(3);
    List<String> resample = new ArrayList<>(List.of(lines.get(0)));
    for (int i = 1; i < lines.size(); i++) {
      resample.add(lines.get(1 + random.nextInt(lines.size() - 1)));
    }
    Path file = Files.write(dir.resolve("resample.csv"), resample);

    // A resample repeats rows, so its test split shares rows with its training split.
    TrainerRun.Outcome run =
        against(file)
            .with(VALIDATION, "{\"requireNewData\": true, \"onLeakage\": \"Warn\"}")
            .run(dir);

    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.result().validation())
        .filteredOn(v -> !v.check().equals(SplitLeakage.CHECK))
        .hasSize(6)
        .allSatisfy(v -> assertThat(v.verdict()).isEqualTo(Verdict.Pass));
  }

  @Test
  void unusableReferenceNamesTheVariable() {
    TrainerRun.Outcome run =
        against(TrainerRun.dataset("iris.csv")).reference(dir.resolve("nothing-here")).run(dir);

    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.result().message()).contains("DROVER_REFERENCE_URI", "does not exist");
  }

  /** Petal length lengthened by 1.5 cm (about 0.85 standard deviations) on every flower. */
  private Path shiftPetalLength() throws IOException {
    return iris(
        "shifted.csv",
        cells -> {
          if (!cells[2].equals("petal_length")) {
            cells[2] = String.format(Locale.ROOT, "%.1f", Double.parseDouble(cells[2]) + 1.5);
          }
          return cells;
        });
  }
}
