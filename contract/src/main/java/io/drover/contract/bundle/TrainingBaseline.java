package io.drover.contract.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * What the training data looked like ({@value ModelBundles#BASELINE_FILE}), computed over every row
 * of the training data set. Data validation and the model server's drift detection compare new data
 * with it.
 *
 * @param rows data rows the statistics cover
 * @param features one entry per input feature, in input order
 * @param labels how many rows carried each label
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingBaseline(
    long rows, List<FeatureBaseline> features, Map<String, Long> labels) {

  public TrainingBaseline {
    features = features == null ? List.of() : List.copyOf(features);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /**
   * @param name feature name
   * @param count values seen
   * @param mean arithmetic mean
   * @param std population standard deviation
   * @param min smallest value
   * @param max largest value
   * @param quantiles selected quantiles, ascending by {@code q}
   * @param histogram equal-width histogram between min and max
   * @param sample sorted values for two-sample tests: every value when there are at most {@value
   *     ModelBundles#BASELINE_SAMPLE_LIMIT}, otherwise a seeded random subset of that size
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FeatureBaseline(
      String name,
      long count,
      double mean,
      double std,
      double min,
      double max,
      List<Quantile> quantiles,
      Histogram histogram,
      List<Double> sample) {
    public FeatureBaseline {
      quantiles = quantiles == null ? List.of() : List.copyOf(quantiles);
      sample = sample == null ? List.of() : List.copyOf(sample);
    }
  }

  /** The value below which a fraction {@code q} of the data lies (linear interpolation). */
  public record Quantile(double q, double value) {}

  /**
   * Equal-width bins: bin {@code i} holds values in {@code [edges[i], edges[i+1])}, the last bin
   * also holds {@code edges[n]}. Values outside the edges fall in the nearest end bin (see {@link
   * #binOf}).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Histogram(List<Double> edges, List<Long> counts) {
    public Histogram {
      edges = edges == null ? List.of() : List.copyOf(edges);
      counts = counts == null ? List.of() : List.copyOf(counts);
    }

    /** The bin a value belongs to, clamping values outside the training range to the end bins. */
    public int binOf(double value) {
      int bins = counts.size();
      for (int i = 1; i < bins; i++) {
        if (value < edges.get(i)) {
          return i - 1;
        }
      }
      return bins - 1;
    }
  }
}
