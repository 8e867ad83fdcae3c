package io.drover.serving.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drover.contract.serving.FeedbackDataset;
import io.drover.serving.TestBundles;
import io.drover.storage.ObjectStore;
import io.drover.storage.StorageLocation;
import io.drover.storage.StoredObject;
import io.drover.storage.testing.S3TestServer;
import io.drover.trainer.data.DataLocation;
import io.drover.trainer.data.DatasetLoader;
import io.drover.trainer.data.LabeledDataset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's feedback writer against a real S3-protocol server (s3proxy in this JVM): objects in
 * the feedback format, read back by the trainer's own reader, each written once.
 */
class ObjectFeedbackStoreTest {

  private static final List<String> FEATURES =
      List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
  private static final String HEADER = "sepal_length,sepal_width,petal_length,petal_width,species";
  private static final Duration NEVER = Duration.ofHours(1);

  @TempDir static Path work;
  @TempDir Path dir;

  static S3TestServer server;
  static ObjectStore reader;

  @BeforeAll
  static void startServer() {
    server = S3TestServer.start(work.resolve("s3"));
    server.createBucket("feedback");
    reader = server.client();
  }

  @AfterAll
  static void stopServer() {
    reader.close();
    server.close();
  }

  private static ObjectFeedbackStore store(
      String prefix, String writer, int rotateRows, int bufferRows, Duration flush) {
    return new ObjectFeedbackStore(
        server.client(),
        StorageLocation.parse("test", prefix),
        writer,
        FEATURES,
        "species",
        rotateRows,
        bufferRows,
        flush);
  }

  private static double[][] row(double... values) {
    return new double[][] {values};
  }

  @Test
  void rowsAreUploadedOnCloseInTheFeedbackFormatAndTrainOn() throws Exception {
    try (ObjectFeedbackStore store = store("s3://feedback/close", "w1", 100, 1000, NEVER)) {
      store.append(row((float) 5.1, 3.5, 1.4, 0.2), List.of("setosa"));
      store.append(
          new double[][] {{6.9, 3.1, 5.4, 2.1}, {0.1 + 0.2, 2, 3, 4}},
          List.of("virginica", "Iris, versicolor"));
      assertThat(objects("close")).as("nothing uploaded before a flush").isEmpty();
    }

    assertThat(objects("close")).containsExactly(FeedbackDataset.fileName("w1", 1));
    assertThat(text("close/" + FeedbackDataset.fileName("w1", 1)))
        .isEqualTo(
            """
            sepal_length,sepal_width,petal_length,petal_width,species
            5.1,3.5,1.4,0.2,setosa
            6.9,3.1,5.4,2.1,virginica
            0.30000000000000004,2.0,3.0,4.0,"Iris, versicolor"
            """);
    Path local = reader.fetch(StorageLocation.parse("test", "s3://feedback/close"), dir);
    LabeledDataset data =
        DatasetLoader.forTraining(
            new DataLocation("DROVER_DATASET_URI", iris().toString(), iris()),
            List.of(new DataLocation("DROVER_DATASET_SOURCES[0]", "s3://feedback/close", local)),
            null);
    assertThat(data.sources().get(1).rows()).isEqualTo(3);
    assertThat(data.rows()).isEqualTo(153);
  }

  @Test
  void rowsAreUploadedEveryIntervalWithoutAClose() throws Exception {
    try (ObjectFeedbackStore store =
        store("s3://feedback/periodic", "w1", 100, 1000, Duration.ofMillis(200))) {
      store.append(row(1, 2, 3, 4), List.of("setosa"));
      await().atMost(Duration.ofSeconds(20)).until(() -> objects("periodic").size() == 1);
      assertThat(store.status().rows()).isEqualTo(1);
      assertThat(store.status().files()).isEqualTo(1);
      assertThat(store.status().currentFile()).isEqualTo(FeedbackDataset.fileName("w1", 1));
      assertThat(store.status().directory()).isEqualTo("s3://feedback/periodic");
    }
  }

  @Test
  void aFullObjectsWorthIsUploadedAtOnceAndEarlierObjectsAreNeverRewritten() throws Exception {
    try (ObjectFeedbackStore store = store("s3://feedback/rotate", "w1", 3, 1000, NEVER)) {
      for (int i = 0; i < 3; i++) {
        store.append(row(i, 0, 0, 0), List.of("setosa"));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> objects("rotate").size() == 1);
      String first = text("rotate/" + FeedbackDataset.fileName("w1", 1));
      store.append(row(7, 0, 0, 0), List.of("setosa"));
      store.close();

      assertThat(objects("rotate"))
          .containsExactly(FeedbackDataset.fileName("w1", 1), FeedbackDataset.fileName("w1", 2));
      assertThat(text("rotate/" + FeedbackDataset.fileName("w1", 1))).isEqualTo(first);
      assertThat(first.lines()).hasSize(4).first().isEqualTo(HEADER);
      assertThat(text("rotate/" + FeedbackDataset.fileName("w1", 2)))
          .isEqualTo(HEADER + "\n7.0,0.0,0.0,0.0,setosa\n");
    }
  }

  @Test
  void replicasWritingAtOnceNeverShareAnObject() throws Exception {
    try (ObjectFeedbackStore a = store("s3://feedback/replicas", "pod-a", 2, 1000, NEVER);
        ObjectFeedbackStore b = store("s3://feedback/replicas", "pod-b", 2, 1000, NEVER)) {
      for (int i = 0; i < 5; i++) {
        a.append(row(i, 1, 1, 1), List.of("setosa"));
        b.append(row(i, 2, 2, 2), List.of("virginica"));
      }
    }
    List<String> names = objects("replicas");
    assertThat(names)
        .hasSize(6)
        .allSatisfy(n -> assertThat(n).matches("feedback-pod-[ab]-\\d{9}\\.csv"));
    long rows = 0;
    for (String name : names) {
      List<String> lines = text("replicas/" + name).lines().toList();
      assertThat(lines.get(0)).isEqualTo(HEADER);
      rows += lines.size() - 1;
    }
    assertThat(rows).isEqualTo(10);
  }

  @Test
  void aFailedUploadIsCountedNamingTheObjectAndItsRowsGoOutUnderTheNextName() throws Exception {
    try (ObjectFeedbackStore store =
        store("s3://late-bucket/iris", "w1", 100, 2, Duration.ofHours(1))) {
      store.append(row(1, 2, 3, 4), List.of("setosa"));
      store.flush();

      FeedbackSink.Status failed = store.status();
      assertThat(failed.writeFailures()).isEqualTo(1);
      assertThat(failed.rows()).isZero();
      assertThat(failed.lastError())
          .contains("s3://late-bucket/iris/" + FeedbackDataset.fileName("w1", 1))
          .contains("late-bucket does not exist");
      assertThat(store.waitingRows()).as("kept for the next upload").isEqualTo(1);

      // Memory is bounded: with the buffer full, feedback is refused as a disk failure is.
      store.append(row(5, 6, 7, 8), List.of("virginica"));
      assertThatThrownBy(() -> store.append(row(9, 9, 9, 9), List.of("setosa")))
          .isInstanceOf(FeedbackStorageException.class)
          .hasMessageStartingWith("cannot persist feedback to DROVER_FEEDBACK_DIR=s3://late-bucket")
          .hasMessageContaining("DROVER_FEEDBACK_BUFFER_ROWS");
      assertThat(store.status().writeFailures()).isEqualTo(2);

      server.createBucket("late-bucket");
      store.flush();
      assertThat(store.status().rows()).isEqualTo(2);
      assertThat(store.waitingRows()).isZero();
    }
    List<StoredObject> objects =
        reader.list(StorageLocation.parse("test", "s3://late-bucket/iris"));
    assertThat(objects)
        .extracting(StoredObject::relativeName)
        .as("the name the failed upload was tried under is not written again")
        .containsExactly(FeedbackDataset.fileName("w1", 2));
    assertThat(
            new String(
                reader.open(objects.get(0).location()).readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo(HEADER + "\n1.0,2.0,3.0,4.0,setosa\n5.0,6.0,7.0,8.0,virginica\n");
  }

  @Test
  void aClosedStoreRefusesRows() {
    ObjectFeedbackStore store = store("s3://feedback/closed", "w1", 10, 100, NEVER);
    store.close();
    assertThatThrownBy(() -> store.append(row(1, 2, 3, 4), List.of("setosa")))
        .isInstanceOf(FeedbackStorageException.class)
        .hasMessageContaining("stopping");
  }

  private static List<String> objects(String prefix) {
    return reader.list(StorageLocation.parse("test", "s3://feedback/" + prefix)).stream()
        .map(StoredObject::relativeName)
        .toList();
  }

  private static String text(String key) throws Exception {
    try (var in = reader.open(StorageLocation.parse("test", "s3://feedback/" + key))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Path iris() {
    return TestBundles.irisData().toAbsolutePath();
  }
}
