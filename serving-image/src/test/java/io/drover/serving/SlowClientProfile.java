package io.drover.serving;

import java.util.HashMap;
import java.util.Map;

/** The iris server with short client timeouts and few connections, so tests can reach them. */
public class SlowClientProfile extends IrisProfile {

  public static final int READ_TIMEOUT_SECONDS = 2;
  public static final int HEADER_TIMEOUT_SECONDS = 2;
  public static final int IDLE_TIMEOUT_SECONDS = 3;
  public static final int MAX_CONNECTIONS = 30;

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(super.getConfigOverrides());
    config.put("drover.http.read-timeout", READ_TIMEOUT_SECONDS + "s");
    config.put("drover.http.header-timeout", HEADER_TIMEOUT_SECONDS + "s");
    config.put("quarkus.http.idle-timeout", IDLE_TIMEOUT_SECONDS + "s");
    config.put("quarkus.http.limits.max-connections", String.valueOf(MAX_CONNECTIONS));
    return config;
  }
}
