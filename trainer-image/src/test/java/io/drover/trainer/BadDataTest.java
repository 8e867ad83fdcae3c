package io.drover.trainer;

import static io.drover.contract.TrainerEnvironment.DATASET_URI;
import static io.drover.contract.TrainerEnvironment.HYPERPARAMETERS;
import static io.drover.contract.TrainerEnvironment.OUTPUT_URI;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.contract.TrainerResult.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad input ends the run with exit code 1 and a termination message that says where
 * the problem is. None of these reach training.
 */
class BadDataTest {

  @TempDir Path dir;

  /** iris.csv with one line replaced; line numbers count the header as line 1. */
  private Path irisWithLine(int lineNumber, String replacement) throws IOException {
    List<String> lines = Files.readAllLines(TrainerRun.dataset("iris.csv"));
    lines.set(lineNumber - 1, replacement);
    Path file = dir.resolve("edited-iris.csv");
    Files.write(file, lines);
    return file;
  }

  private TrainerRun.Outcome train(Path dataset) {
    return TrainerRun.train(dataset).output(dir.resolve("bundle")).run(dir);
  }

  private static void assertRefused(TrainerRun.Outcome run, String... fragments) {
    assertThat(run.exitCode()).as(run.log()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.result().outcome()).isEqualTo(Outcome.Failed);
    assertThat(run.result().bundle()).isNull();
    assertThat(run.result().message()).contains(fragments);
    assertThat(run.log()).contains("failed: ").doesNotContain("epoch 1/");
  }

  @Test
  void missingValueNamesFileLineAndColumn() throws IOException {
    Path file = irisWithLine(7, "5.4,3.9,1.7,,setosa");

    assertRefused(
        train(file), file.toString(), "line 7", "column \"petal_width\"", "missing value");
  }

  @Test
  void nonNumericFeatureNamesFileLineAndColumn() throws IOException {
    Path file = irisWithLine(12, "5.4,wide,1.5,0.2,setosa");

    assertRefused(
        train(file),
        file.toString(),
        "line 12",
        "column \"sepal_width\"",
        "\"wide\" is not a number");
  }

  @Test
  void countsFurtherProblemsBeyondTheFirst() throws IOException {
    List<String> lines = Files.readAllLines(TrainerRun.dataset("iris.csv"));
    lines.set(3, "5.4,NaN,1.7,0.4,setosa");
    lines.set(4, "x,3.4,1.4,0.3,setosa");
    Path file = dir.resolve("two-problems.csv");
    Files.write(file, lines);

    assertRefused(train(file), "line 4", "not a finite number", "and 1 more problem");
  }

  @Test
  void missingLabelValueNamesItsLine() throws IOException {
    Path file = irisWithLine(40, "5.1,3.4,1.5,0.2,");

    assertRefused(train(file), "line 40", "column \"species\"", "missing label");
  }

  @Test
  void missingLabelColumnNamesTheColumnsThereAre() {
    TrainerRun.Outcome run =
        TrainerRun.train(TrainerRun.dataset("iris.csv"))
            .hyperparameter("labelColumn", "variety")
            .output(dir.resolve("bundle"))
            .run(dir);

    assertRefused(
        run, "iris.csv", "line 1", "no label column \"variety\"", "sepal_length", "species");
  }

  @Test
  void emptyFile() throws IOException {
    Path file = Files.writeString(dir.resolve("empty.csv"), "");

    assertRefused(train(file), file.toString(), "the file is empty");
  }

  @Test
  void headerWithoutRows() throws IOException {
    Path file = Files.writeString(dir.resolve("header-only.csv"), "a,b,label\n");

    assertRefused(train(file), file.toString(), "line 2", "no data rows");
  }

  @Test
  void rowWithTheWrongNumberOfValues() throws IOException {
    Path file = irisWithLine(9, "4.4,2.9,1.4,setosa");

    assertRefused(train(file), "line 9", "has 4 values", "5 columns");
  }

  @Test
  void unreadablePathNamesFileAndVariable() {
    Path missing = dir.resolve("no-such-data.csv");

    assertRefused(train(missing), missing.toString(), "no such file", DATASET_URI);
  }

  @Test
  void anObjectStoreThisTrainerCannotReadIsRefusedNamingTheVariable() {
    // s3:// is read (ObjectStorageTest); other stores are not.
    TrainerRun.Outcome run =
        TrainerRun.train(Path.of("unused"))
            .with(DATASET_URI, "gs://datasets/iris.csv")
            .output(dir.resolve("bundle"))
            .run(dir);

    assertRefused(run, DATASET_URI, "gs://datasets/iris.csv", "pvc://", "s3://");
  }

  @Test
  void outputUriWithAnUnreadableSchemeIsRefused() {
    TrainerRun.Outcome run =
        TrainerRun.train(TrainerRun.dataset("iris.csv"))
            .with(OUTPUT_URI, "gs://models/iris")
            .run(dir);

    assertRefused(run, OUTPUT_URI, "gs://models/iris");
  }

  @Test
  void unknownHyperparameterIsRefusedListingTheKnownOnes() {
    TrainerRun.Outcome run =
        TrainerRun.train(TrainerRun.dataset("iris.csv"))
            .hyperparameter("epoch", "10")
            .output(dir.resolve("bundle"))
            .run(dir);

    assertRefused(run, "unknown hyperparameter epoch", "epochs", "learningRate");
  }

  @Test
  void malformedHyperparameterValueIsRefused() {
    TrainerRun.Outcome run =
        TrainerRun.train(TrainerRun.dataset("iris.csv"))
            .hyperparameter("hiddenLayers", "64;32")
            .output(dir.resolve("bundle"))
            .run(dir);

    assertRefused(run, "hiddenLayers=\"64;32\"", "comma-separated");
  }

  @Test
  void hyperparametersThatAreNotJsonAreRefused() {
    TrainerRun.Outcome run =
        TrainerRun.train(TrainerRun.dataset("iris.csv"))
            .with(HYPERPARAMETERS, "epochs=10")
            .output(dir.resolve("bundle"))
            .run(dir);

    assertRefused(run, HYPERPARAMETERS, "not JSON");
  }

  @Test
  void singleLabelDataCannotTrainAClassifier() throws IOException {
    List<String> lines = Files.readAllLines(TrainerRun.dataset("iris.csv")).subList(0, 51);
    Path file = Files.write(dir.resolve("setosa-only.csv"), lines);

    assertRefused(train(file), "column \"species\"", "every row has the label \"setosa\"");
  }
}
