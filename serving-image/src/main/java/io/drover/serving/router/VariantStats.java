package io.drover.serving.router;

import io.drover.contract.serving.RouterStatsReport;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One variant's figures over a sliding time window, kept in {@value #BUCKETS} buckets that expire
 * one by one: requests, errors, a latency histogram (buckets 10 % wide, 1 µs to ~3 minutes) and
 * shadow agreement. O(1) to record, O(buckets × histogram) to read.
 */
public final class VariantStats {

  static final int BUCKETS = 12;
  private static final int LATENCY_BINS = 200;
  private static final double GROWTH = Math.log(1.1);

  private final long bucketNanos;
  private final long[] epoch = new long[BUCKETS];
  private final long[] requests = new long[BUCKETS];
  private final long[] errors = new long[BUCKETS];
  private final long[] agreed = new long[BUCKETS];
  private final long[] disagreed = new long[BUCKETS];
  private final long[] dropped = new long[BUCKETS];
  private final long[][] latency = new long[BUCKETS][LATENCY_BINS];
  private final long started = System.nanoTime();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile long lastRequestMillis = -1;
  private volatile Double lastColdStartSeconds;

  public VariantStats(Duration window) {
    this.bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
  }

  public synchronized void request(long nanos, boolean error) {
    int b = bucket();
    requests[b]++;
    if (error) {
      errors[b]++;
    }
    latency[b][bin(nanos)]++;
    lastRequestMillis = System.currentTimeMillis();
  }

  /**
   * @param agree whether the shadow's answer agreed with the primary's
   */
  public synchronized void shadow(boolean agree) {
    int b = bucket();
    if (agree) {
      agreed[b]++;
    } else {
      disagreed[b]++;
    }
  }

  /** Requests to this variant in flight now, held ones included (the autoscaler's figure). */
  public AtomicInteger inFlight() {
    return inFlight;
  }

  /** The last activation's time from wake-up to its first successful answer. */
  public void coldStart(double seconds) {
    lastColdStartSeconds = seconds;
  }

  /** A shadow copy not sent because too many were already in flight. */
  public synchronized void shadowDropped() {
    dropped[bucket()]++;
  }

  /** The variant's figures over the window, as the router's statistics document says them. */
  public synchronized RouterStatsReport.VariantStats snapshot() {
    long current = (System.nanoTime() - started) / bucketNanos;
    long total = 0;
    long failed = 0;
    long agree = 0;
    long disagree = 0;
    long drop = 0;
    long[] histogram = new long[LATENCY_BINS];
    for (int b = 0; b < BUCKETS; b++) {
      if (current - epoch[b] >= BUCKETS) {
        continue;
      }
      total += requests[b];
      failed += errors[b];
      agree += agreed[b];
      disagree += disagreed[b];
      drop += dropped[b];
      for (int i = 0; i < LATENCY_BINS; i++) {
        histogram[i] += latency[b][i];
      }
    }
    return new RouterStatsReport.VariantStats(
        total,
        failed,
        total == 0 ? null : (double) failed / total,
        percentile(histogram, total, 0.50),
        percentile(histogram, total, 0.95),
        percentile(histogram, total, 0.99),
        agree,
        disagree,
        agree + disagree == 0 ? null : (double) agree / (agree + disagree),
        drop,
        lastRequestMillis < 0 ? null : Instant.ofEpochMilli(lastRequestMillis).toString(),
        inFlight.get(),
        lastColdStartSeconds);
  }

  /** The current bucket, cleared first when it last held an older slice of time. */
  private int bucket() {
    long now = (System.nanoTime() - started) / bucketNanos;
    int b = (int) (now % BUCKETS);
    if (epoch[b] != now) {
      epoch[b] = now;
      requests[b] = 0;
      errors[b] = 0;
      agreed[b] = 0;
      disagreed[b] = 0;
      dropped[b] = 0;
      java.util.Arrays.fill(latency[b], 0);
    }
    return b;
  }

  static int bin(long nanos) {
    double micros = Math.max(1, nanos / 1000.0);
    return (int) Math.min(LATENCY_BINS - 1, Math.floor(Math.log(micros) / GROWTH));
  }

  /** Upper edge of the bin holding the q-quantile, in milliseconds; null without requests. */
  private static Double percentile(long[] histogram, long total, double q) {
    if (total == 0) {
      return null;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= rank) {
        return Math.pow(1.1, i + 1) / 1000.0;
      }
    }
    return Math.pow(1.1, histogram.length) / 1000.0;
  }
}
