package io.drover.serving.monitoring;

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

  public synchronized Snapshot snapshot() {
    Map<String, Long> windowCounts = new LinkedHashMap<>();
    Map<String, Double> shares = new LinkedHashMap<>();
    Map<String, Long> totals = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      windowCounts.put(labels.get(i), inWindow[i]);
      shares.put(labels.get(i), size == 0 ? 0.0 : (double) inWindow[i] / size);
      totals.put(labels.get(i), total[i]);
    }
    return new Snapshot(size, windowCounts, shares, totals);
  }

  /**
   * @param rows predictions in the window
   * @param window predictions per label in the window
   * @param shares share of the window's predictions per label
   * @param total predictions per label since the server started
   */
  public record Snapshot(
      int rows, Map<String, Long> window, Map<String, Double> shares, Map<String, Long> total) {}
}
