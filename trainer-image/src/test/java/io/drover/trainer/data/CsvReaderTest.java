package io.drover.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.trainer.ExitCode;
import io.drover.trainer.TrainerFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

  @TempDir Path dir;

  /** What a handler receives. */
  private static final class Recorder implements CsvReader.RowHandler {
    CsvHeader header;
    final List<Integer> lines = new ArrayList<>();
    final List<String[]> rows = new ArrayList<>();

    @Override
    public void header(CsvHeader header) {
      this.header = header;
    }

    @Override
    public void row(int line, String[] cells) {
      lines.add(line);
      rows.add(cells);
    }
  }

  private Path file(String content) throws IOException {
    return Files.writeString(dir.resolve("data.csv"), content);
  }

  private static Recorder read(Path location) {
    Recorder recorder = new Recorder();
    CsvReader.Summary summary = CsvReader.read(location, "DROVER_DATASET_URI", recorder);
    assertThat(summary.rows()).isEqualTo(recorder.rows.size());
    return recorder;
  }

  private String digest(String content) throws IOException {
    return CsvReader.read(file(content), "DROVER_DATASET_URI", new Recorder()).digest();
  }

  private void assertRefused(String content, String... fragments) throws IOException {
    Path file = file(content);
    assertThatThrownBy(() -> read(file))
        .isInstanceOfSatisfying(
            TrainerFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining(file.toString())
        .message()
        .contains(fragments);
  }

  @Test
  void streamsHeaderAndRowsWithTheirLineNumbers() throws IOException {
    Recorder read = read(file("a,b,label\n1,2,x\n3,4,y\n"));

    assertThat(read.header.columns()).containsExactly("a", "b", "label");
    assertThat(read.header.at(3, 1)).endsWith("data.csv, line 3, column \"b\"");
    assertThat(read.lines).containsExactly(2, 3);
    assertThat(read.rows.get(1)).containsExactly("3", "4", "y");
  }

  @Test
  void handlesQuotesCrLfBomAndTrailingBlankLines() throws IOException {
    Recorder read = read(file("\uFEFFa,\"b\",label\r\n1,2,\"big, \"\"red\"\"\"\r\n\r\n\n"));

    assertThat(read.header.columns()).containsExactly("a", "b", "label");
    assertThat(read.rows)
        .singleElement()
        .satisfies(row -> assertThat(row).containsExactly("1", "2", "big, \"red\""));
  }

  @Test
  void digestIsOverTheFilesBytes() throws IOException {
    String first = digest("a,label\n1,x\n");
    String same = digest("a,label\n1,x\n");
    String other = digest("a,label\n1,y\n");

    assertThat(first).startsWith("sha256:").hasSize(7 + 64).isEqualTo(same).isNotEqualTo(other);
  }

  @Test
  void refusesBlankLineBetweenRows() throws IOException {
    assertRefused("a,label\n1,x\n\n2,y\n", "line 3", "is empty");
  }

  @Test
  void refusesUnclosedQuote() throws IOException {
    assertRefused("a,label\n1,\"x\n", "line 2", "unclosed quote");
  }

  @Test
  void refusesDuplicateColumnNames() throws IOException {
    assertRefused("a,a,label\n1,2,x\n", "line 1", "\"a\" appears twice");
  }

  @Test
  void refusesNonUtf8() throws IOException {
    Path file = dir.resolve("data.csv");
    Files.write(file, "a,label\n1,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> read(file)).hasMessageContaining("not UTF-8");
  }

  @Test
  void acceptsADirectoryWithOneCsvFile() throws IOException {
    file("a,label\n1,x\n");
    Files.writeString(dir.resolve("README.md"), "about the data");

    assertThat(read(dir).rows).hasSize(1);
  }

  @Test
  void refusesADirectoryWithSeveralCsvFiles() throws IOException {
    Files.writeString(dir.resolve("one.csv"), "a,label\n1,x\n");
    Files.writeString(dir.resolve("two.csv"), "a,label\n1,x\n");

    assertThatThrownBy(() -> read(dir))
        .hasMessageContaining("DROVER_DATASET_URI")
        .hasMessageContaining("2 .csv files");
  }
}
