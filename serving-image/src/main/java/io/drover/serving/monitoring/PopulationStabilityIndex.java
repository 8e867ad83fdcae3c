package io.drover.serving.monitoring;

/**
 * Population Stability Index of an observed histogram against an expected one: {@code Σ (a − e) ·
 * ln(a / e)} over bins of shares. Rules of thumb: below 0.1 stable, 0.1–0.2 moderate shift, above
 * 0.2 a significant shift.
 */
public final class PopulationStabilityIndex {

  /**
   * An empty bin would make the index infinite; flooring shares at this (a common choice) keeps it
   * finite and lets one stray value in an empty bin count for little.
   */
  static final double FLOOR = 1e-4;

  private PopulationStabilityIndex() {}

  /**
   * @param expected counts per bin of the reference (training) data
   * @param observed counts per bin of recent data, same bins
   */
  public static double of(long[] expected, long[] observed) {
    if (expected.length != observed.length) {
      throw new IllegalArgumentException("the histograms have different bins");
    }
    double expectedTotal = sum(expected);
    double observedTotal = sum(observed);
    if (expectedTotal == 0 || observedTotal == 0) {
      return 0;
    }
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i] / expectedTotal, FLOOR);
      double a = Math.max(observed[i] / observedTotal, FLOOR);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  private static double sum(long[] counts) {
    double total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }
}
