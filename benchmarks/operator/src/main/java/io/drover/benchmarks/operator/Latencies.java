package io.drover.benchmarks.operator;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/** Latencies of one kind of event, in microseconds, up to an hour, 3 significant digits. */
final class Latencies {

  private final String name;
  private final Histogram histogram = new Histogram(Duration.ofHours(1).toNanos() / 1000, 3);
  private int missing;

  Latencies(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  synchronized void record(long nanos) {
    histogram.recordValue(Math.max(0, nanos / 1000));
  }

  /** An event that never came within the wait: counted, and reported beside the percentiles. */
  synchronized void missed() {
    missing++;
  }

  synchronized long count() {
    return histogram.getTotalCount();
  }

  synchronized int missing() {
    return missing;
  }

  synchronized double p50Millis() {
    return histogram.getValueAtPercentile(50) / 1000.0;
  }

  synchronized double p99Millis() {
    return histogram.getValueAtPercentile(99) / 1000.0;
  }

  synchronized double maxMillis() {
    return histogram.getMaxValue() / 1000.0;
  }
}
