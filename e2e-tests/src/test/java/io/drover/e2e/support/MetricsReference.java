package io.drover.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/metrics.md read as data: each table row whose first cell is a backticked {@code drover_*}
 * name documents that metric and, in its third cell, its labels.
 */
public final class MetricsReference {
  public static final Path DOC = Repo.ROOT.resolve("docs/metrics.md");

  /** The series a timer, histogram or summary exports besides its base name. */
  private static final List<String> SERIES_SUFFIXES = List.of("_bucket", "_count", "_sum", "_max");

  private static final Pattern ROW =
      Pattern.compile("^\\| `(drover_[a-z0-9_]+)` \\|([^|]*)\\|([^|]*)\\|");
  private static final Pattern TICKED = Pattern.compile("`([a-z_]+)`");
  private static final Pattern SAMPLE =
      Pattern.compile("^(drover_[a-zA-Z0-9_]+)(?:\\{([^}]*)\\})? ", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  private MetricsReference() {}

  /** Documented metric name → its labels. */
  public static Map<String, Set<String>> documented() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(DOC)) {
        Matcher row = ROW.matcher(line);
        if (row.find()) {
          Set<String> labels = new TreeSet<>();
          Matcher ticked = TICKED.matcher(row.group(3));
          while (ticked.find()) {
            labels.add(ticked.group(1));
          }
          out.put(row.group(1), labels);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The documented metric a series name belongs to ({@code x_seconds_bucket} → {@code x_seconds}),
   * or null.
   */
  public static String metricOf(String series, Set<String> documented) {
    if (documented.contains(series)) {
      return series;
    }
    for (String suffix : SERIES_SUFFIXES) {
      if (series.endsWith(suffix)
          && documented.contains(series.substring(0, series.length() - suffix.length()))) {
        return series.substring(0, series.length() - suffix.length());
      }
    }
    return null;
  }

  /** Prometheus text → each {@code drover_*} series name with the label names it carries. */
  public static Map<String, Set<String>> scraped(String prometheusText) {
    Map<String, Set<String>> out = new TreeMap<>();
    Matcher sample = SAMPLE.matcher(prometheusText);
    while (sample.find()) {
      Set<String> labels = out.computeIfAbsent(sample.group(1), k -> new TreeSet<>());
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          if (!List.of("le", "quantile").contains(label.group(1))) {
            labels.add(label.group(1));
          }
        }
      }
    }
    return out;
  }

  /** What in a scrape is missing from docs/metrics.md or documented with other labels. */
  public static List<String> discrepancies(String prometheusText) {
    Map<String, Set<String>> documented = documented();
    List<String> out = new ArrayList<>();
    scraped(prometheusText)
        .forEach(
            (series, labels) -> {
              String metric = metricOf(series, documented.keySet());
              if (metric == null) {
                out.add(series + " (labels " + labels + ") is not in docs/metrics.md");
              } else if (!documented.get(metric).equals(labels)) {
                out.add(
                    series
                        + " has labels "
                        + labels
                        + ", docs/metrics.md says "
                        + documented.get(metric));
              }
            });
    return out;
  }
}
