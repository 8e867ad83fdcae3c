package io.drover.local.runner.control;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times as the API writes them (RFC 3339, whole seconds, UTC). */
public final class Timestamps {

  private Timestamps() {}

  public static String format(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static Instant parse(String text) {
    return text == null || text.isBlank() ? null : Instant.parse(text);
  }
}
