package io.drover.benchmarks.operator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Figures printed as they come and written as one TSV: figure, value, unit, anchor, ratio, target.
 */
final class Report {

  private final List<String> rows = new ArrayList<>();
  private final Path file;

  Report(Path file) {
    this.file = file;
    rows.add("figure\tvalue\tunit\tanchor\tratio\ttarget");
    note("started", Instant.now().toString());
    note("machine", machine());
  }

  void figure(String name, double value, String unit, String anchor, Double ratio, String target) {
    String row =
        String.join(
            "\t",
            name,
            format(value),
            unit,
            anchor == null ? "" : anchor,
            ratio == null ? "" : format(ratio),
            target == null ? "" : target);
    rows.add(row);
    System.out.println(row);
  }

  void note(String name, String text) {
    String row = name + "\t" + text.replace('\t', ' ').replace('\n', ' ') + "\t\t\t\t";
    rows.add(row);
    System.out.println(row);
  }

  void latencies(Latencies measured, Latencies anchor, String target) {
    latencies(measured, anchor, target, "creates");
  }

  void latencies(Latencies measured, Latencies anchor, String target, String counted) {
    String base = measured.name();
    figure(base + ".count", measured.count(), counted, null, null, null);
    figure(base + ".missing", measured.missing(), counted, null, null, "0");
    figure(
        base + ".p50",
        measured.p50Millis(),
        "ms",
        anchor == null ? null : anchor.name() + ".p50",
        anchor == null ? null : measured.p50Millis() / anchor.p50Millis(),
        target);
    figure(
        base + ".p99",
        measured.p99Millis(),
        "ms",
        anchor == null ? null : anchor.name() + ".p99",
        anchor == null ? null : measured.p99Millis() / anchor.p99Millis(),
        null);
    figure(
        base + ".max",
        measured.maxMillis(),
        "ms",
        anchor == null ? null : anchor.name() + ".max",
        anchor == null ? null : measured.maxMillis() / anchor.maxMillis(),
        null);
  }

  void write() throws IOException {
    Files.createDirectories(file.getParent());
    note("finished", Instant.now().toString());
    Files.write(file, rows);
    System.out.println("written: " + file);
  }

  private static String machine() {
    double[] load =
        new double[] {ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()};
    String loadavg;
    try {
      loadavg = Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      loadavg = format(load[0]);
    }
    return "nproc=%d loadavg=%s java=%s"
        .formatted(Runtime.getRuntime().availableProcessors(), loadavg, Runtime.version());
  }

  String loadNow() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
