package io.drover.serving.monitoring;

import io.drover.contract.bundle.TrainingBaseline;
import io.drover.contract.bundle.TrainingBaseline.FeatureBaseline;
import io.drover.contract.bundle.TrainingBaseline.Histogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The last {@code capacity} input rows, kept as their baseline-histogram bin and whether each value
 * fell outside the training range, with running counts: recording a row and reading the drift are
 * both O(features), whatever the window's size.
 */
public final class DriftWindow {

  private final List<String> features;
  private final float[][] edges;
  private final long[][] expected;
  private final float[] min;
  private final float[] max;
  private final int capacity;
  private final short[] bins;
  private final boolean[] outside;
  private final long[][] observed;
  private final int[] outliers;
  private int next;
  private int size;

  /**
   * @param features feature names in model order; a feature the baseline lacks is not watched
   */
  public DriftWindow(TrainingBaseline baseline, List<String> features, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("the window needs room for at least one row");
    }
    this.features = List.copyOf(features);
    this.capacity = capacity;
    int width = features.size();
    Map<String, FeatureBaseline> byName =
        baseline == null
            ? Map.of()
            : baseline.features().stream()
                .collect(Collectors.toMap(FeatureBaseline::name, Function.identity(), (a, b) -> a));
    edges = new float[width][];
    expected = new long[width][];
    observed = new long[width][];
    min = new float[width];
    max = new float[width];
    for (int f = 0; f < width; f++) {
      FeatureBaseline feature = byName.get(features.get(f));
      if (feature != null
          && feature.histogram() != null
          && !feature.histogram().counts().isEmpty()
          && feature.histogram().edges().size() == feature.histogram().counts().size() + 1) {
        edges[f] = toFloats(feature.histogram().edges());
        expected[f] = feature.histogram().counts().stream().mapToLong(Long::longValue).toArray();
        observed[f] = new long[expected[f].length];
        min[f] = (float) feature.min();
        max[f] = (float) feature.max();
      }
    }
    bins = new short[capacity * width];
    outside = new boolean[capacity * width];
    outliers = new int[width];
  }

  public synchronized void record(double[][] rows) {
    int width = features.size();
    for (double[] row : rows) {
      int base = next * width;
      for (int f = 0; f < width; f++) {
        if (edges[f] == null) {
          continue;
        }
        if (size == capacity) {
          observed[f][bins[base + f]]--;
          if (outside[base + f]) {
            outliers[f]--;
          }
        }
        // Binned and compared at float32, the precision the network reads: a client sending the
        // training maximum 7.9 as FP32 (7.900000095…) has not left the training range, and 1.3
        // (1.29999995…) still falls in the bin that starts at 1.3.
        float value = (float) row[f];
        short bin = (short) binOf(edges[f], expected[f].length, value);
        boolean out = value < min[f] || value > max[f];
        bins[base + f] = bin;
        outside[base + f] = out;
        observed[f][bin]++;
        if (out) {
          outliers[f]++;
        }
      }
      next = (next + 1) % capacity;
      size = Math.min(size + 1, capacity);
    }
  }

  /** {@link Histogram#binOf} at float precision: values outside the edges go to the end bins. */
  static int binOf(float[] edges, int bins, float value) {
    for (int i = 1; i < bins; i++) {
      if (value < edges[i]) {
        return i - 1;
      }
    }
    return bins - 1;
  }

  private static float[] toFloats(List<Double> values) {
    float[] floats = new float[values.size()];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = values.get(i).floatValue();
    }
    return floats;
  }

  public synchronized Snapshot snapshot() {
    List<FeatureDrift> drift = new ArrayList<>(features.size());
    for (int f = 0; f < features.size(); f++) {
      if (edges[f] == null || size == 0) {
        drift.add(new FeatureDrift(features.get(f), null, null, edges[f] != null));
      } else {
        drift.add(
            new FeatureDrift(
                features.get(f),
                PopulationStabilityIndex.of(expected[f], observed[f]),
                (double) outliers[f] / size,
                true));
      }
    }
    return new Snapshot(size, capacity, drift);
  }

  /**
   * @param rows rows in the window now
   * @param capacity the most rows the window holds
   */
  public record Snapshot(int rows, int capacity, List<FeatureDrift> features) {}

  /**
   * @param psi the index over the window, {@code null} when nothing was seen or unwatched
   * @param outlierRate share of the window's values outside the training range {@code [min, max]}
   * @param watched whether the baseline describes this feature
   */
  public record FeatureDrift(String name, Double psi, Double outlierRate, boolean watched) {}
}
