package io.drover.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.contract.TrainerEnvironment;
import io.drover.contract.TrainerResult.Split;
import io.drover.contract.TrainerResult.ValidationVerdict;
import io.drover.contract.TrainerResult.Verdict;
import io.drover.trainer.config.ValidationSettings;
import io.drover.trainer.data.DataSplit;
import io.drover.trainer.data.DatasetLoader;
import io.drover.trainer.data.LabeledDataset;
import io.drover.trainer.data.SplitLeakage;
import io.drover.trainer.evaluate.ClassificationMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Held-out rows that duplicate training rows are counted, reported and, when many, refused. */
class SplitLeakageTest {

  @TempDir Path dir;

  /** A data set whose data rows are {@code source}'s, then the first {@code repeated} again. */
  private Path withRepeatedRows(String source, int repeated) throws IOException {
    List<String> lines = Files.readAllLines(TrainerRun.dataset(source));
    List<String> out = new ArrayList<>(lines);
    out.addAll(lines.subList(1, 1 + repeated));
    return Files.write(dir.resolve("repeated-" + source), out);
  }

  @Test
  void aDataSetConcatenatedWithItselfIsRefusedByDefault() throws IOException {
    TrainerRun.Outcome run =
        TrainerRun.train(withRepeatedRows("iris.csv", 150))
            .hyperparameter("epochs", "5")
            .output(dir.resolve("bundle"))
            .run(dir);

    assertThat(run.exitCode()).as(run.log()).isEqualTo(ExitCode.DATA_REJECTED.code());
    assertThat(run.result().message())
        .startsWith("data validation failed: ")
        .contains("of 60 test rows")
        .contains("duplicate training rows")
        .contains("\"onLeakage\": \"Warn\"");
    Split split = run.result().split();
    assertThat(split.test()).isEqualTo(60);
    assertThat(split.leakedTestRows()).isGreaterThan(30);
    assertThat(run.result().validation())
        .first()
        .satisfies(
            v -> {
              assertThat(v.check()).isEqualTo(SplitLeakage.CHECK);
              assertThat(v.verdict()).isEqualTo(Verdict.Fail);
              assertThat(v.statistic()).isEqualTo(split.leakedTestRows() / 60.0);
            });
    assertThat(run.log()).doesNotContain("epoch 1/");
  }

  @Test
  void allowedLeakageTrainsAndWarnsNextToTheMetrics() throws IOException {
    TrainerRun.Outcome run =
        TrainerRun.train(withRepeatedRows("iris.csv", 150))
            .hyperparameter("epochs", "5")
            .with(TrainerEnvironment.VALIDATION, "{\"onLeakage\":\"Warn\"}")
            .output(dir.resolve("bundle"))
            .run(dir);

    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.result().metrics()).containsKey(ClassificationMetrics.ACCURACY);
    long leaked = run.result().split().leakedTestRows();
    assertThat(leaked).isGreaterThan(30);
    assertThat(run.result().message())
        .contains("; warning: %d of 60 test rows".formatted(leaked))
        .contains("test metrics overstate");
    assertThat(run.result().validation())
        .extracting(ValidationVerdict::check, ValidationVerdict::verdict)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(SplitLeakage.CHECK, Verdict.Warn));
    assertThat(run.log()).contains("validation split-leakage: Warn");
  }

  @Test
  void aFewLeakedRowsOnlyWarn() throws IOException {
    TrainerRun.Outcome run =
        TrainerRun.train(withRepeatedRows("breast_cancer.csv", 60))
            .hyperparameter("epochs", "3")
            .output(dir.resolve("bundle"))
            .run(dir);

    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.result().split().leakedTestRows()).isPositive().isLessThan(60);
    assertThat(run.result().message()).contains("; warning: ");
  }

  @Test
  void dataWithoutDuplicatesReportsNoLeakage() {
    TrainerRun.Outcome run =
        TrainerRun.train(TrainerRun.dataset("breast_cancer.csv"))
            .hyperparameter("epochs", "3")
            .output(dir.resolve("bundle"))
            .run(dir);

    assertThat(run.exitCode()).as(run.log()).isZero();
    Split split = run.result().split();
    assertThat(split.train() + split.validation() + split.test()).isEqualTo(569);
    assertThat(split.leakedTestRows()).isZero();
    assertThat(split.leakedValidationRows()).isZero();
    assertThat(run.result().validation()).isEmpty();
    assertThat(run.result().message()).doesNotContain("warning");
  }

  @Test
  void countsExactlyTheRowsABruteForceComparisonFinds() throws IOException {
    LabeledDataset data = DatasetLoader.forTraining(withRepeatedRows("iris.csv", 75), "DATA", null);
    DataSplit split = DataSplit.stratified(data.labels(), 3, 0.15, 0.2, 7);

    SplitLeakage leakage = SplitLeakage.check(data, split, ValidationSettings.DEFAULTS);

    assertThat(leakage.split().leakedTestRows()).isEqualTo(bruteForce(data, split.test(), split));
    assertThat(leakage.split().leakedValidationRows())
        .isEqualTo(bruteForce(data, split.validation(), split))
        .isPositive();
  }

  @Test
  void theSameFeaturesWithAnotherLabelDoNotLeak() throws IOException {
    List<String> lines = new ArrayList<>(List.of("x,y,label"));
    for (int i = 0; i < 50; i++) {
      lines.add(i + ",1,a");
      lines.add(i + ",1,b");
    }
    LabeledDataset data =
        DatasetLoader.forTraining(Files.write(dir.resolve("twins.csv"), lines), "DATA", null);
    DataSplit split = DataSplit.stratified(data.labels(), 2, 0, 0.2, 1);

    assertThat(SplitLeakage.check(data, split, ValidationSettings.DEFAULTS).verdict()).isNull();
  }

  private static long bruteForce(LabeledDataset data, int[] heldOut, DataSplit split) {
    return Arrays.stream(heldOut)
        .filter(row -> Arrays.stream(split.train()).anyMatch(train -> sameRow(data, row, train)))
        .count();
  }

  private static boolean sameRow(LabeledDataset data, int a, int b) {
    if (data.labels()[a] != data.labels()[b]) {
      return false;
    }
    for (int f = 0; f < data.featureCount(); f++) {
      if (data.column(f)[a] != data.column(f)[b]) {
        return false;
      }
    }
    return true;
  }
}
