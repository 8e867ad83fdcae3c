package io.drover.local.api.admission;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Durations as Kubernetes parses them: Go's {@code time.ParseDuration} ({@code 1h30m}, {@code
 * 1.5s}), and the more lenient {@code format: duration} of CRD schemas, which also takes {@code 5
 * minutes} or {@code 2d} ({@code strfmt.ParseDuration}).
 */
final class GoDuration {
  private static final Map<String, Long> UNITS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private static final List<List<String>> LENIENT_UNITS =
      List.of(
          List.of("ns", "nano"),
          List.of("us", "\u00b5s", "micro"),
          List.of("ms", "milli"),
          List.of("s", "sec"),
          List.of("m", "min"),
          List.of("h", "hr", "hour"),
          List.of("d", "day"),
          List.of("w", "wk", "week"));

  private static final Map<String, Duration> LENIENT_MULTIPLIERS =
      Map.of(
          "ns", Duration.ofNanos(1),
          "us", Duration.ofNanos(1_000),
          "ms", Duration.ofMillis(1),
          "s", Duration.ofSeconds(1),
          "m", Duration.ofMinutes(1),
          "h", Duration.ofHours(1),
          "d", Duration.ofDays(1),
          "w", Duration.ofDays(7));

  private static final Pattern LENIENT = Pattern.compile("((\\d+)\\s*([A-Za-z\u00b5]+))");

  private GoDuration() {}

  /** {@code strfmt.ParseDuration}: Go's syntax, else number-unit pairs such as "5 minutes". */
  static Duration parseLenient(String s) {
    try {
      return parse(s);
    } catch (IllegalArgumentException e) {
      // fall through to the lenient form
    }
    Duration total = Duration.ZERO;
    boolean matched = false;
    Matcher m = LENIENT.matcher(s);
    while (m.find()) {
      long factor;
      try {
        factor = Integer.parseInt(m.group(2));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("strconv.Atoi: parsing " + GoValues.quote(m.group(2)));
      }
      String unit = m.group(3).trim().toLowerCase(Locale.ROOT);
      for (List<String> variants : LENIENT_UNITS) {
        int last = variants.size() - 1;
        Duration multiplier = LENIENT_MULTIPLIERS.get(variants.get(0));
        for (int i = 0; i < variants.size(); i++) {
          String variant = variants.get(i);
          if ((i == last && unit.startsWith(variant)) || variant.equalsIgnoreCase(unit)) {
            matched = true;
            total = total.plus(multiplier.multipliedBy(factor));
          }
        }
      }
    }
    if (!matched) {
      throw new IllegalArgumentException("unable to parse " + s + " as duration");
    }
    return total;
  }

  /** Go's {@code time.ParseDuration}. */
  static Duration parse(String orig) {
    String s = orig;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(orig);
    }
    long total = 0;
    while (!s.isEmpty()) {
      char c = s.charAt(0);
      if (!(c == '.' || (c >= '0' && c <= '9'))) {
        throw invalid(orig);
      }
      int i = 0;
      long whole = 0;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (whole > (Long.MAX_VALUE - 9) / 10) {
          throw invalid(orig);
        }
        whole = whole * 10 + (s.charAt(i) - '0');
        i++;
      }
      boolean pre = i > 0;
      s = s.substring(i);
      long fraction = 0;
      double scale = 1;
      boolean post = false;
      if (!s.isEmpty() && s.charAt(0) == '.') {
        s = s.substring(1);
        int j = 0;
        boolean overflow = false;
        while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
          if (!overflow) {
            if (fraction > (Long.MAX_VALUE - 9) / 10) {
              overflow = true;
            } else {
              fraction = fraction * 10 + (s.charAt(j) - '0');
              scale *= 10;
            }
          }
          j++;
        }
        post = j > 0;
        s = s.substring(j);
      }
      if (!pre && !post) {
        throw invalid(orig);
      }
      int u = 0;
      while (u < s.length() && s.charAt(u) != '.' && !(s.charAt(u) >= '0' && s.charAt(u) <= '9')) {
        u++;
      }
      if (u == 0) {
        throw new IllegalArgumentException(
            "time: missing unit in duration " + GoValues.quote(orig));
      }
      String unitName = s.substring(0, u);
      s = s.substring(u);
      Long unit = UNITS.get(unitName);
      if (unit == null) {
        throw new IllegalArgumentException(
            "time: unknown unit "
                + GoValues.quote(unitName)
                + " in duration "
                + GoValues.quote(orig));
      }
      if (whole > Long.MAX_VALUE / unit) {
        throw invalid(orig);
      }
      long v = whole * unit;
      if (fraction > 0) {
        v += (long) (fraction * (unit / scale));
        if (v < 0) {
          throw invalid(orig);
        }
      }
      total += v;
      if (total < 0) {
        throw invalid(orig);
      }
    }
    return Duration.ofNanos(negative ? -total : total);
  }

  private static IllegalArgumentException invalid(String orig) {
    return new IllegalArgumentException("time: invalid duration " + GoValues.quote(orig));
  }
}
