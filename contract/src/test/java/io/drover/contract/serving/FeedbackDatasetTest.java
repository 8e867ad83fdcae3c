package io.drover.contract.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackDatasetTest {

  @TempDir Path dir;

  @Test
  void writerIdsAreSafeFileNamesAndSequencesSortInOrder() {
    String writer =
        FeedbackDataset.writerId(Instant.parse("2026-12-01T20:05:12.345Z"), "iris-7d/f:x", 42);

    assertThat(writer).isEqualTo("20261201T200512345Z_iris_7d_f_x_42");
    assertThat(FeedbackDataset.fileName(writer, 2))
        .isEqualTo("feedback-20261201T200512345Z_iris_7d_f_x_42-000000002.csv");
    assertThat(FeedbackDataset.fileName(writer, 10).compareTo(FeedbackDataset.fileName(writer, 9)))
        .isPositive();
  }

  @Test
  void linesQuoteOnlyTheCellsThatNeedIt() {
    assertThat(FeedbackDataset.line(List.of("5.1", "Iris, setosa", "say \"hi\"")))
        .isEqualTo("5.1,\"Iris, setosa\",\"say \"\"hi\"\"\"\n");
    assertThat(FeedbackDataset.line(FeedbackDataset.header(List.of("a", "b"), "species")))
        .isEqualTo("a,b,species\n");
  }

  @Test
  void readersTakeEveryCsvFileInNameOrderAndNothingFromAMissingDirectory() throws IOException {
    assertThat(FeedbackDataset.files(dir.resolve("absent"))).isEmpty();
    Files.writeString(dir.resolve("feedback-b-000000001.csv"), "x\n");
    Files.writeString(dir.resolve("feedback-a-000000002.csv"), "x\n");
    Files.writeString(dir.resolve("notes.txt"), "x\n");

    assertThat(FeedbackDataset.files(dir).stream().map(p -> p.getFileName().toString()))
        .containsExactly("feedback-a-000000002.csv", "feedback-b-000000001.csv");
  }
}
