package io.drover.serving.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's docs/metrics.md as data (rows whose first cell is a backticked {@code drover_*}
 * name, labels in the third cell), and what a Prometheus scrape holds that it does not document.
 * e2e-tests holds the same check for the operator's metrics.
 */
public final class DocumentedMetrics {
  private static final List<String> SERIES_SUFFIXES = List.of("_bucket", "_count", "_sum", "_max");
  private static final Pattern ROW =
      Pattern.compile("^\\| `(drover_[a-z0-9_]+)` \\|([^|]*)\\|([^|]*)\\|");
  private static final Pattern TICKED = Pattern.compile("`([a-z_]+)`");
  private static final Pattern SAMPLE =
      Pattern.compile("^(drover_[a-zA-Z0-9_]+)(?:\\{([^}]*)\\})? ", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  private DocumentedMetrics() {}

  /** Each scraped {@code drover_*} series missing from docs/metrics.md or with other labels. */
  public static List<String> discrepancies(String prometheusText) {
    Map<String, Set<String>> documented = documented();
    Map<String, Set<String>> scraped = new TreeMap<>();
    Matcher sample = SAMPLE.matcher(prometheusText);
    while (sample.find()) {
      Set<String> labels = scraped.computeIfAbsent(sample.group(1), k -> new TreeSet<>());
      Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
      while (label.find()) {
        if (!List.of("le", "quantile").contains(label.group(1))) {
          labels.add(label.group(1));
        }
      }
    }
    List<String> out = new ArrayList<>();
    scraped.forEach(
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

  private static String metricOf(String series, Set<String> documented) {
    if (documented.contains(series)) {
      return series;
    }
    for (String suffix : SERIES_SUFFIXES) {
      String base = series.substring(0, Math.max(0, series.length() - suffix.length()));
      if (series.endsWith(suffix) && documented.contains(base)) {
        return base;
      }
    }
    return null;
  }

  private static Map<String, Set<String>> documented() {
    Map<String, Set<String>> out = new HashMap<>();
    try {
      for (String line : Files.readAllLines(doc())) {
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

  private static Path doc() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("docs/metrics.md"))) {
        return p.resolve("docs/metrics.md");
      }
    }
    throw new IllegalStateException("no docs/metrics.md above " + Path.of("").toAbsolutePath());
  }
}
