package io.drover.trainer.data;

import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.bundle.TrainingBaseline;
import io.drover.contract.bundle.TrainingBaseline.FeatureBaseline;
import io.drover.contract.bundle.TrainingBaseline.Histogram;
import io.drover.contract.bundle.TrainingBaseline.Quantile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Computes the training baseline the model server and later validations compare data with. */
public final class BaselineCalculator {

  /** Quantiles kept per feature: the tails matter for drift, the quartiles for a quick look. */
  public static final double[] QUANTILES = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

  public static final int HISTOGRAM_BINS = 10;

  private BaselineCalculator() {}

  /** Statistics over every row of the data set. */
  public static TrainingBaseline of(LabeledDataset dataset, long seed) {
    List<FeatureBaseline> features = new ArrayList<>();
    for (int f = 0; f < dataset.featureCount(); f++) {
      features.add(feature(dataset.featureNames().get(f), dataset.column(f), seed + f));
    }
    Map<String, Long> labels = new LinkedHashMap<>();
    long[] counts = dataset.labelCounts();
    for (int i = 0; i < counts.length; i++) {
      labels.put(dataset.labelNames().get(i), counts[i]);
    }
    return new TrainingBaseline(dataset.rows(), features, labels);
  }

  /**
   * @param values the feature's values in row order; sorted in place (the caller's own copy), so a
   *     large data set's column exists once
   */
  static FeatureBaseline feature(String name, double[] values, long seed) {
    List<Double> sample = sample(values, seed);
    double[] sorted = values;
    Arrays.sort(sorted);
    double mean = 0;
    for (double value : sorted) {
      mean += value;
    }
    mean /= sorted.length;
    double squares = 0;
    for (double value : sorted) {
      squares += (value - mean) * (value - mean);
    }
    double std = Math.sqrt(squares / sorted.length);
    List<Quantile> quantiles = new ArrayList<>();
    for (double q : QUANTILES) {
      quantiles.add(new Quantile(q, quantile(sorted, q)));
    }
    return new FeatureBaseline(
        name,
        sorted.length,
        mean,
        std,
        sorted[0],
        sorted[sorted.length - 1],
        quantiles,
        histogram(sorted),
        sample);
  }

  /** Linear interpolation between closest ranks (the common "type 7" definition). */
  static double quantile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }

  private static Histogram histogram(double[] sorted) {
    double min = sorted[0];
    double max = sorted[sorted.length - 1];
    List<Double> edges = new ArrayList<>();
    for (int i = 0; i <= HISTOGRAM_BINS; i++) {
      edges.add(i == HISTOGRAM_BINS ? max : min + (max - min) * i / HISTOGRAM_BINS);
    }
    Histogram empty = new Histogram(edges, Collections.nCopies(HISTOGRAM_BINS, 0L));
    long[] counts = new long[HISTOGRAM_BINS];
    for (double value : sorted) {
      counts[empty.binOf(value)]++;
    }
    return new Histogram(edges, Arrays.stream(counts).boxed().toList());
  }

  /**
   * Every value when few enough, else a seeded random subset; sorted either way. The subset is what
   * a partial Fisher–Yates shuffle leaves in front, tracking only the positions it displaced rather
   * than copying the whole column.
   */
  private static List<Double> sample(double[] values, long seed) {
    int limit = ModelBundles.BASELINE_SAMPLE_LIMIT;
    double[] chosen;
    if (values.length > limit) {
      Random random = new Random(seed);
      Map<Integer, Double> displaced = new HashMap<>();
      chosen = new double[limit];
      for (int i = 0; i < limit; i++) {
        int j = i + random.nextInt(values.length - i);
        double atI = displaced.getOrDefault(i, values[i]);
        chosen[i] = displaced.getOrDefault(j, values[j]);
        displaced.put(j, atI);
      }
    } else {
      chosen = values.clone();
    }
    Arrays.sort(chosen);
    return Arrays.stream(chosen).boxed().toList();
  }
}
