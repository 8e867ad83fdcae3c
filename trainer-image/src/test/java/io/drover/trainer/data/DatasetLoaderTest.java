package io.drover.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {

  static final String VARIABLE = "DROVER_DATASET_URI";

  @TempDir Path dir;

  private Path file(String content) throws IOException {
    return Files.writeString(dir.resolve("data.csv"), content);
  }

  @Test
  void labelColumnMayBeAnyColumn() throws IOException {
    LabeledDataset data =
        DatasetLoader.forTraining(file("kind,x,y\nb,1,2\na,3,4\nb,5,6\n"), VARIABLE, "kind");

    assertThat(data.featureNames()).containsExactly("x", "y");
    assertThat(data.labelColumn()).isEqualTo("kind");
    assertThat(data.labelNames()).containsExactly("a", "b");
    assertThat(data.labels()).containsExactly(1, 0, 1);
    assertThat(new double[] {data.value(2, 0), data.value(2, 1)}).containsExactly(5, 6);
    assertThat(data.digest()).startsWith("sha256:");
  }

  @Test
  void evaluationLooksColumnsUpByNameAndIgnoresOthers() throws IOException {
    LabeledDataset data =
        DatasetLoader.forModel(
            file("y,note,x,kind\n2,n/a,1,b\n"),
            VARIABLE,
            List.of("x", "y"),
            "kind",
            List.of("a", "b"));

    assertThat(new double[] {data.value(0, 0), data.value(0, 1)}).containsExactly(1, 2);
    assertThat(data.labels()).containsExactly(1);
    assertThat(data.labelNames()).containsExactly("a", "b");
  }

  @Test
  void evaluationRefusesMissingColumnsAndUnknownLabels() throws IOException {
    Path file = file("x,kind\n1,c\n");

    assertThatThrownBy(
            () -> DatasetLoader.forModel(file, VARIABLE, List.of("x", "y"), "kind", List.of("a")))
        .hasMessageContaining("line 1")
        .hasMessageContaining("needs column y");
    assertThatThrownBy(
            () -> DatasetLoader.forModel(file, VARIABLE, List.of("x"), "kind", List.of("a", "b")))
        .hasMessageContaining("line 2, column \"kind\"")
        .hasMessageContaining("label \"c\" is not one the model knows (a, b)");
  }

  @Test
  void valueProblemsComeBeforeTheLabelCount() throws IOException {
    assertThatThrownBy(() -> DatasetLoader.forTraining(file("x,kind\n1,a\n,a\n"), VARIABLE, null))
        .hasMessageContaining("line 3, column \"x\": missing value");
  }

  @Test
  void refusesAFileWithOnlyTheLabelColumn() throws IOException {
    assertThatThrownBy(() -> DatasetLoader.forTraining(file("kind\na\nb\n"), VARIABLE, null))
        .hasMessageContaining("no feature columns");
  }
}
