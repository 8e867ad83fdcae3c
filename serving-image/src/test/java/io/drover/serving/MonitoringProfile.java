package io.drover.serving;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A server of its own for the monitoring test: its windows see only that test's traffic. */
public class MonitoringProfile implements QuarkusTestProfile {

  public static final int WINDOW_ROWS = 150;

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "drover.model.uri",
        TestBundles.iris().toString(),
        "drover.monitoring.window-rows",
        String.valueOf(WINDOW_ROWS),
        "drover.monitoring.min-rows",
        "100",
        "drover.feedback.window-rows",
        "100");
  }
}
