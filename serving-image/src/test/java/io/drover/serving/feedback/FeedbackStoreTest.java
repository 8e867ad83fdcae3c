package io.drover.serving.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.contract.serving.FeedbackDataset;
import io.drover.trainer.data.DataLocation;
import io.drover.trainer.data.DatasetLoader;
import io.drover.trainer.data.LabeledDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's writer against the format, read back by the trainer's own reader. */
class FeedbackStoreTest {

  private static final List<String> FEATURES =
      List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

  @TempDir Path dir;

  private FeedbackStore store(String writer, int rotateRows) {
    return new FeedbackStore(dir, writer, FEATURES, "species", rotateRows);
  }

  private static double[][] row(double... values) {
    return new double[][] {values};
  }

  @Test
  void rowsGoOutWithTheModelsHeaderTheirValuesAndTheLabel() throws Exception {
    try (FeedbackStore store = store("w1", 100)) {
      store.append(row((float) 5.1, 3.5, 1.4, 0.2), List.of("setosa"));
      store.append(
          new double[][] {{6.9, 3.1, 5.4, 2.1}, {0.1 + 0.2, 2, 3, 4}},
          List.of("virginica", "Iris, versicolor"));

      Path file = dir.resolve(FeedbackDataset.fileName("w1", 1));
      assertThat(Files.readString(file))
          .isEqualTo(
              """
              sepal_length,sepal_width,petal_length,petal_width,species
              5.1,3.5,1.4,0.2,setosa
              6.9,3.1,5.4,2.1,virginica
              0.30000000000000004,2.0,3.0,4.0,"Iris, versicolor"
              """);
      assertThat(store.status().rows()).isEqualTo(3);
      assertThat(store.status().files()).isEqualTo(1);
      assertThat(store.status().currentFile()).isEqualTo(file.getFileName().toString());
    }
  }

  @Test
  void aRestartedProcessKeepsEarlierFilesAndStartsItsOwn() throws Exception {
    try (FeedbackStore first = store(writer(), 100)) {
      first.append(row(5.1, 3.5, 1.4, 0.2), List.of("setosa"));
    }
    List<Path> before = FeedbackDataset.files(dir);
    byte[] earlier = Files.readAllBytes(before.get(0));

    try (FeedbackStore second = store(writer(), 100)) {
      second.append(row(6.9, 3.1, 5.4, 2.1), List.of("virginica"));
    }

    List<Path> after = FeedbackDataset.files(dir);
    assertThat(after).hasSize(2).startsWith(before.get(0));
    assertThat(Files.readAllBytes(before.get(0))).isEqualTo(earlier);
    assertThat(Files.readString(after.get(1))).endsWith("6.9,3.1,5.4,2.1,virginica\n");
  }

  @Test
  void aWriterNeverAppendsToAFileThatExists() throws Exception {
    Path taken = Files.writeString(dir.resolve(FeedbackDataset.fileName("w1", 1)), "other\n");
    try (FeedbackStore store = store("w1", 100)) {
      store.append(row(1, 2, 3, 4), List.of("setosa"));
    }
    assertThat(Files.readString(taken)).isEqualTo("other\n");
    assertThat(Files.readString(dir.resolve(FeedbackDataset.fileName("w1", 2))))
        .endsWith("1.0,2.0,3.0,4.0,setosa\n");
  }

  @Test
  void aTornLastLineIsIgnoredByTheTrainersReader() throws Exception {
    try (FeedbackStore store = store("w1", 100)) {
      store.append(row(5.1, 3.5, 1.4, 0.2), List.of("setosa"));
      store.append(row(6.9, 3.1, 5.4, 2.1), List.of("virginica"));
    }
    // What a crash in the middle of a write leaves behind.
    Files.writeString(
        dir.resolve(FeedbackDataset.fileName("w1", 1)), "5.7,2.8,4.", StandardOpenOption.APPEND);

    LabeledDataset data =
        DatasetLoader.forTraining(
            new DataLocation("DROVER_DATASET_URI", iris().toString(), iris()),
            List.of(new DataLocation("DROVER_DATASET_SOURCES[0]", dir.toString(), dir)),
            null);

    assertThat(data.rows()).isEqualTo(152);
    assertThat(data.sources().get(1).rows()).isEqualTo(2);
    assertThat(data.value(151, 0)).isEqualTo(6.9);
  }

  @Test
  void filesAreRotatedAtTheRowLimit() throws Exception {
    try (FeedbackStore store = store("w1", 3)) {
      for (int i = 0; i < 7; i++) {
        store.append(row(i, 0, 0, 0), List.of("setosa"));
      }
      assertThat(store.status().files()).isEqualTo(3);
    }
    List<Path> files = FeedbackDataset.files(dir);
    assertThat(files).hasSize(3);
    assertThat(files.stream().map(FeedbackStoreTest::dataLines)).containsExactly(3L, 3L, 1L);
    assertThat(Files.readAllLines(files.get(2)))
        .containsExactly(
            "sepal_length,sepal_width,petal_length,petal_width,species", "6.0,0.0,0.0,0.0,setosa");
  }

  @Test
  void anUnwritableDirectoryFailsNamingItAndCountsNothing() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    Path directory = file.resolve("feedback");
    FeedbackStore store = new FeedbackStore(directory, "w1", FEATURES, "species", 10);

    assertThatThrownBy(() -> store.append(row(1, 2, 3, 4), List.of("setosa")))
        .isInstanceOf(FeedbackStorageException.class)
        .hasMessageStartingWith("cannot persist feedback to DROVER_FEEDBACK_DIR=" + directory);
    assertThat(store.status().rows()).isZero();
    assertThat(store.status().writeFailures()).isEqualTo(1);
    assertThat(store.status().lastError()).contains(directory.toString());
  }

  /** Without the store's lock, positional writes overwrite each other and rotation miscounts. */
  @Test
  void parallelAppendsNeverInterleaveOrLoseARow() throws Exception {
    int threads = 8;
    int perThread = 250;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (FeedbackStore store = store("w1", 50)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    store.append(row(thread, i, thread * 1000 + i, 0.5), List.of("setosa"));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(2, TimeUnit.MINUTES);
      }
      assertThat(store.status().rows()).isEqualTo(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
    Set<String> rows = new HashSet<>();
    List<Path> files = FeedbackDataset.files(dir);
    assertThat(files).hasSize(threads * perThread / 50);
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      assertThat(lines.get(0))
          .isEqualTo("sepal_length,sepal_width,petal_length,petal_width,species");
      assertThat(lines).hasSize(51);
      for (String line : lines.subList(1, lines.size())) {
        assertThat(line).matches("\\d\\.0,\\d+\\.0,\\d+\\.0,0\\.5,setosa");
        rows.add(line);
      }
    }
    assertThat(rows).hasSize(threads * perThread);
  }

  private static long dataLines(Path file) {
    try {
      return Files.readAllLines(file).size() - 1L;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String writer() {
    return FeedbackDataset.writerId(java.time.Instant.now(), "test-host", System.nanoTime());
  }

  private static Path iris() {
    return io.drover.serving.TestBundles.irisData().toAbsolutePath();
  }
}
