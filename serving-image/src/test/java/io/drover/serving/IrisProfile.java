package io.drover.serving;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The server on a freshly trained iris bundle, with small limits so the tests can reach them. */
public class IrisProfile implements QuarkusTestProfile {

  public static final int MAX_BODY_BYTES = 256 * 1024;
  public static final int MAX_BATCH_ROWS = 512;

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "drover.model.uri", TestBundles.iris().toString(),
        "drover.model.name", "iris",
        "drover.max-body-bytes", String.valueOf(MAX_BODY_BYTES),
        "drover.max-batch-rows", String.valueOf(MAX_BATCH_ROWS));
  }
}
