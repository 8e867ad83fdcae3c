package io.drover.serving;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** A server that persists feedback to a fresh directory, rotating its files every 5 rows. */
public class FeedbackProfile implements QuarkusTestProfile {

  public static final Path DIRECTORY = Path.of("target", "feedback-profile").toAbsolutePath();
  public static final int ROTATE_ROWS = 5;

  @Override
  public Map<String, String> getConfigOverrides() {
    try {
      TestBundles.deleteRecursively(DIRECTORY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of(
        "drover.model.uri", TestBundles.iris().toString(),
        "drover.model.name", "iris",
        "drover.feedback.dir", DIRECTORY.toString(),
        "drover.feedback.rotate-rows", String.valueOf(ROTATE_ROWS));
  }
}
