package io.drover.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.contract.TrainerResult.SourceRead;
import io.drover.trainer.ExitCode;
import io.drover.trainer.TrainerFailure;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The iris sample data plus a feedback directory in the documented format, read as one set. */
class FurtherSourcesTest {

  private static final String HEADER =
      "sepal_length,sepal_width,petal_length,petal_width,species\n";

  @TempDir Path dir;
  Path iris;
  DataLocation primary;

  @BeforeEach
  void sampleData() throws URISyntaxException {
    iris = Path.of(FurtherSourcesTest.class.getResource("/data/iris.csv").toURI());
    primary = new DataLocation("DROVER_DATASET_URI", iris.toString(), iris);
  }

  private DataLocation source(int index, Path path) {
    return new DataLocation("DROVER_DATASET_SOURCES[" + index + "]", path.toString(), path);
  }

  @Test
  void feedbackFilesAddTheirCompleteRowsInNameOrderAndTheTornLastLineIsIgnored() throws Exception {
    Path feedback = Files.createDirectories(dir.resolve("feedback"));
    String first = HEADER + "5.0,3.4,1.5,0.2,setosa\n6.9,3.1,5.4,2.1,virginica\n";
    String secondComplete = HEADER + "5.7,2.8,4.1,1.3,versicolor\n";
    Files.writeString(feedback.resolve("feedback-a-000000001.csv"), first);
    // A write a crash tore: no line feed, and not even a whole value.
    Files.writeString(feedback.resolve("feedback-a-000000002.csv"), secondComplete + "9.9,9.9,9.");
    // Only a torn header: a process that died creating its file.
    Files.writeString(feedback.resolve("feedback-b-000000001.csv"), "sepal_len");

    LabeledDataset data =
        DatasetLoader.forTraining(primary, List.of(source(0, feedback)), "species");

    assertThat(data.rows()).isEqualTo(153);
    assertThat(data.labelCounts()).containsExactly(51, 51, 51);
    assertThat(data.value(150, 0)).isEqualTo(5.0);
    assertThat(data.value(152, 3)).isEqualTo(1.3);
    String irisDigest = sha256(Files.readAllBytes(iris));
    String feedbackDigest = sha256((first + secondComplete).getBytes(StandardCharsets.UTF_8));
    assertThat(data.sources())
        .containsExactly(
            new SourceRead(iris.toString(), irisDigest, 150L),
            new SourceRead(feedback.toString(), feedbackDigest, 3L));
    assertThat(data.digest())
        .isEqualTo(
            sha256((irisDigest + "\n" + feedbackDigest + "\n").getBytes(StandardCharsets.UTF_8)));
    assertThat(data.asResult().rows()).isEqualTo(153L);
  }

  @Test
  void anEmptyOrNotYetCreatedFeedbackSetIsZeroRowsAndLeavesTheDigestAlone() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path absent = dir.resolve("not-yet");

    LabeledDataset data =
        DatasetLoader.forTraining(primary, List.of(source(0, empty), source(1, absent)), "species");

    assertThat(data.rows()).isEqualTo(150);
    assertThat(data.sources()).extracting(SourceRead::rows).containsExactly(150L, 0L, 0L);
    assertThat(data.sources().get(1).digest()).isEqualTo(sha256(new byte[0]));
    assertThat(data.digest()).isEqualTo(sha256(Files.readAllBytes(iris)));
  }

  @Test
  void aSourceWithAnotherHeaderIsRefusedNamingItAndTheColumn() throws IOException {
    Path feedback = Files.createDirectories(dir.resolve("feedback"));
    Files.writeString(
        feedback.resolve("feedback-a-000000001.csv"),
        "sepal_length,sepal_width,petal_len,petal_width,species\n5.0,3.4,1.5,0.2,setosa\n");

    assertThatThrownBy(
            () ->
                DatasetLoader.forTraining(
                    primary, List.of(source(0, dir.resolve("empty")), source(1, feedback)), null))
        .isInstanceOfSatisfying(
            TrainerFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageStartingWith("DROVER_DATASET_SOURCES[1]=" + feedback)
        .hasMessageContaining("column 3 \"petal_len\" where the data set has \"petal_length\"");
    Path shorter = Files.writeString(dir.resolve("short.csv"), "sepal_length,sepal_width\n");
    assertThatThrownBy(() -> DatasetLoader.forTraining(primary, List.of(source(0, shorter)), null))
        .hasMessageContaining("lacks column 3 \"petal_length\"");
  }

  @Test
  void aMissingCsvFileIsAnErrorButTheprimaryMustHaveRows() throws IOException {
    assertThatThrownBy(
            () ->
                DatasetLoader.forTraining(
                    primary, List.of(source(0, dir.resolve("gone.csv"))), null))
        .hasMessageContaining("cannot read the data set named by DROVER_DATASET_SOURCES[0]");
    Path headerOnly = Files.writeString(dir.resolve("base.csv"), HEADER);
    assertThatThrownBy(
            () ->
                DatasetLoader.forTraining(
                    new DataLocation("DROVER_DATASET_URI", headerOnly.toString(), headerOnly),
                    List.of(source(0, iris)),
                    null))
        .hasMessageContaining("the file has a header but no data rows");
  }

  @Test
  void valueErrorsInFeedbackNameTheFileAndLine() throws IOException {
    Path feedback = Files.createDirectories(dir.resolve("feedback"));
    Path file =
        Files.writeString(
            feedback.resolve("feedback-a-000000001.csv"),
            HEADER + "5.0,3.4,1.5,0.2,setosa\n5.0,x,1.5,0.2,setosa\n");

    assertThatThrownBy(() -> DatasetLoader.forTraining(primary, List.of(source(0, feedback)), null))
        .hasMessageContaining(file + ", line 3, column \"sepal_width\": \"x\" is not a number");
  }

  static String sha256(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
