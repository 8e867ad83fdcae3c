package io.drover.serving.monitoring;

import io.drover.contract.serving.MonitoringReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predicted classes: over the last {@code capacity} rows (the same window as drift, so a shift in
 * inputs and a shift in answers can be read side by side) and in total since start.
 */
public final class ClassDistribution {

  private final List<String> labels;
  private final int[] window;
  private final long[] inWindow;
  private final long[] total;
  private int next;
  private int size;

  public ClassDistribution(List<String> labels, int capacity) {
    this.labels = List.copyOf(labels);
    this.window = new int[capacity];
    this.inWindow = new long[labels.size()];
    this.total = new long[labels.size()];
  }

  public synchronized void record(int[] classes) {
    for (int cls : classes) {
      if (size == window.length) {
        inWindow[window[next]]--;
      }
      window[next] = cls;
      inWindow[cls]++;
      total[cls]++;
      next = (next + 1) % window.length;
      size = Math.min(size + 1, window.length);
    }
  }

  /** The {@code predictions} block of the monitoring report, maps in label order. */
  public synchronized MonitoringReport.Predictions snapshot() {
    Map<String, Long> windowCounts = new LinkedHashMap<>();
    Map<String, Double> shares = new LinkedHashMap<>();
    Map<String, Long> totals = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      windowCounts.put(labels.get(i), inWindow[i]);
      shares.put(labels.get(i), size == 0 ? 0.0 : (double) inWindow[i] / size);
      totals.put(labels.get(i), total[i]);
    }
    return new MonitoringReport.Predictions(size, windowCounts, shares, totals);
  }
}
