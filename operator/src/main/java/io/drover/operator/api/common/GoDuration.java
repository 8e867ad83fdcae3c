package io.drover.operator.api.common;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Kubernetes users write them (Go syntax: 90s, 15m, 1h30m, 1.5h). */
public final class GoDuration {

  private static final Pattern WHOLE = Pattern.compile("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$");
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

  private GoDuration() {}

  /**
   * Parses a duration the CRD has already admitted.
   *
   * @throws IllegalArgumentException naming the field when the text is not a duration
   */
  public static Duration parse(String field, String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "%s must be a duration such as 30s, 15m or 1h30m, not \"%s\"".formatted(field, text));
    }
    double millis = 0;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      double amount = Double.parseDouble(part.group(1));
      millis +=
          switch (part.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
          };
    }
    return Duration.ofMillis(Math.round(millis));
  }

  /** Formats a duration compactly for people: 45s, 4m12s, 2h5m. */
  public static String format(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    long hours = seconds / 3600;
    long minutes = (seconds % 3600) / 60;
    long rest = seconds % 60;
    StringBuilder text = new StringBuilder();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (rest > 0 || text.length() == 0) {
      text.append(rest).append('s');
    }
    return text.toString();
  }
}
