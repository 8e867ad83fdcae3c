package io.drover.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.contract.serving.FeedbackDataset;
import io.drover.serving.FeedbackProfile;
import io.drover.serving.Http;
import io.drover.serving.ServerUnderTest;
import io.drover.serving.TestBundles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Labelled feedback persisted as training data by the real server: the rows on disk, the counts in
 * the monitoring report and in Prometheus, and the 503 when the directory cannot be written.
 */
@QuarkusTest
@TestProfile(FeedbackProfile.class)
class FeedbackPersistenceTest {

  private static final String INFER = "/v2/models/iris/infer";
  private static final String FEEDBACK = "/v2/models/iris/feedback";
  private static final String HEADER = "sepal_length,sepal_width,petal_length,petal_width,species";
  private static final Path DIRECTORY = FeedbackProfile.DIRECTORY;

  @TestHTTPResource("/")
  URL base;

  @Test
  void labelledRowsAreOnDiskWhenAnsweredAndAStorageFailureIs503() throws IOException {
    Http http = ServerUnderTest.ready(base);
    List<String[]> data = TestBundles.rows(TestBundles.irisData());
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String[] row = data.get(i * 12);
      infer(http, "fb-" + i, row);
      Http.Response answer =
          http.post(FEEDBACK, "{\"id\": \"fb-%d\", \"label\": \"%s\"}".formatted(i, row[4]));
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      assertThat(answer.json().get("persisted").asBoolean()).isTrue();
      // On disk before the answer: no waiting needed.
      expected.add(String.join(",", row));
      assertThat(persistedRows()).isEqualTo(expected);
    }

    List<Path> files = FeedbackDataset.files(DIRECTORY);
    assertThat(files).hasSize(3);
    for (Path file : files) {
      assertThat(Files.readAllLines(file).get(0)).isEqualTo(HEADER);
    }
    JsonNode feedback = http.get("/v2/models/iris/monitoring").json().get("feedback");
    assertThat(feedback.get("persisted").asBoolean()).isTrue();
    assertThat(feedback.get("directory").asText()).isEqualTo(DIRECTORY.toString());
    assertThat(feedback.get("rows").asLong()).isEqualTo(12);
    assertThat(feedback.get("files").asLong()).isEqualTo(3);
    assertThat(feedback.get("currentFile").asText())
        .isEqualTo(files.get(2).getFileName().toString());
    assertThat(feedback.get("writeFailures").asLong()).isZero();
    String metrics = http.get("/metrics").body();
    assertThat(metrics).contains("drover_feedback_persisted_rows_total 12.0");
    assertThat(metrics).contains("drover_feedback_files 3.0");

    // Fill the third file; the next row needs a new file, in a directory that is now a file.
    for (int i = 12; i < 15; i++) {
      infer(http, "fb-" + i, data.get(i));
      assertThat(http.post(FEEDBACK, feedbackFor("fb-" + i, data.get(i))).status()).isEqualTo(200);
    }
    Path moved = DIRECTORY.resolveSibling("feedback-profile-moved");
    TestBundles.deleteRecursively(moved);
    Files.move(DIRECTORY, moved);
    Files.writeString(DIRECTORY, "not a directory");
    infer(http, "fb-late", data.get(100));

    Http.Response refused = http.post(FEEDBACK, feedbackFor("fb-late", data.get(100)));

    assertThat(refused.status()).as(refused.body()).isEqualTo(503);
    assertThat(refused.json().get("error").asText())
        .startsWith("cannot persist feedback to DROVER_FEEDBACK_DIR=" + DIRECTORY)
        .contains("send the same feedback again later");
    JsonNode failed = http.get("/v2/models/iris/monitoring").json();
    assertThat(failed.get("feedback").get("rows").asLong()).isEqualTo(15);
    assertThat(failed.get("feedback").get("writeFailures").asLong()).isEqualTo(1);
    assertThat(failed.get("feedback").get("lastError").asText()).contains(DIRECTORY.toString());
    assertThat(failed.get("accuracy").get("totalRows").asLong()).isEqualTo(15);
    assertThat(http.get("/metrics").body()).contains("drover_feedback_write_failures_total 1.0");

    // The directory back: the same feedback, retried, is taken and lands in a new file.
    Files.delete(DIRECTORY);
    Files.move(moved, DIRECTORY);
    Http.Response retried = http.post(FEEDBACK, feedbackFor("fb-late", data.get(100)));
    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    List<Path> after = FeedbackDataset.files(DIRECTORY);
    assertThat(after).hasSize(4);
    assertThat(Files.readAllLines(after.get(3)))
        .containsExactly(HEADER, String.join(",", data.get(100)));
    assertThat(http.get("/v2/models/iris/monitoring").json().get("feedback").get("rows").asLong())
        .isEqualTo(16);
  }

  private static void infer(Http http, String id, String[] row) {
    Http.Response answer =
        http.post(
            INFER,
            "{\"id\": \"%s\", %s"
                .formatted(id, Requests.single(TestBundles.features(row)).substring(1)));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
  }

  private static String feedbackFor(String id, String[] row) {
    return "{\"id\": \"%s\", \"labels\": [\"%s\"]}".formatted(id, row[4]);
  }

  private static List<String> persistedRows() throws IOException {
    List<String> rows = new ArrayList<>();
    for (Path file : FeedbackDataset.files(DIRECTORY)) {
      List<String> lines = Files.readAllLines(file);
      assertThat(lines.get(0)).isEqualTo(HEADER);
      rows.addAll(lines.subList(1, lines.size()));
    }
    return rows;
  }
}
