package io.drover.benchmarks.http;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The measured part of one run. {@code latencies} (microseconds) holds the 2xx answers only, each
 * timed from when the request was due, not from when a connection became free for it. {@code sent}
 * counts the requests due in the measured part; each ends as exactly one of answered, error (a
 * non-2xx status or a failed connection, by kind in {@code errorKinds}) or timeout.
 */
public record LoadResult(
    String label,
    LoadPlan plan,
    Histogram latencies,
    long sentInAll,
    long sent,
    long answered,
    long errors,
    long timeouts,
    Map<String, Long> errorKinds,
    double achievedRate,
    long maxOutstanding) {

  /** Latency at {@code percentile} (0–100) in milliseconds; 0 when nothing was answered. */
  public double latencyMillis(double percentile) {
    return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(percentile) / 1e3;
  }

  public double maxMillis() {
    return latencies.getTotalCount() == 0 ? 0 : latencies.getMaxValue() / 1e3;
  }

  /** One JSON object on one line: what the benchmark scripts read. */
  public String toJson() {
    String kinds =
        errorKinds.entrySet().stream()
            .map(e -> quote(e.getKey()) + ":" + e.getValue())
            .collect(Collectors.joining(",", "{", "}"));
    return String.format(
        Locale.ROOT,
        "{\"label\":%s,\"url\":%s,\"rate\":%.1f,\"duration_s\":%.1f,\"connections\":%d,"
            + "\"timeout_ms\":%d,\"sent_in_all\":%d,\"sent\":%d,\"answered\":%d,\"errors\":%d,\"timeouts\":%d,"
            + "\"achieved_rps\":%.1f,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,"
            + "\"p999_ms\":%.3f,\"max_ms\":%.3f,\"max_outstanding\":%d,\"error_kinds\":%s}",
        quote(label),
        quote(plan.target().toString()),
        plan.rate(),
        plan.duration().toMillis() / 1e3,
        plan.connections(),
        plan.timeout().toMillis(),
        sentInAll,
        sent,
        answered,
        errors,
        timeouts,
        achievedRate,
        latencyMillis(50),
        latencyMillis(90),
        latencyMillis(99),
        latencyMillis(99.9),
        maxMillis(),
        maxOutstanding,
        kinds);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
