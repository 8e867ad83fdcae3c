package io.drover.serving;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.time.Duration;

/** Waits for the server's readiness: the model loads in the background after start. */
public final class ServerUnderTest {

  private ServerUnderTest() {}

  public static Http ready(URL base) {
    try {
      Http http = new Http(URI.create(base.toString()));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> http.get("/v2/health/ready").status() == 200);
      return http;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e);
    }
  }
}
