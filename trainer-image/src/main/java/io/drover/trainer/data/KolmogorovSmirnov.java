package io.drover.trainer.data;

import java.util.Arrays;

/**
 * The two-sample Kolmogorov–Smirnov test: does a feature's distribution in new data differ from the
 * reference sample? Distribution-free, so it suits features of any shape.
 */
public final class KolmogorovSmirnov {

  private KolmogorovSmirnov() {}

  /**
   * @param statistic the largest distance between the two empirical distribution functions
   * @param pValue probability of a distance at least this large if both samples came from one
   *     distribution
   */
  public record Result(double statistic, double pValue) {}

  /** Compares two samples; neither needs to be sorted, both must be non-empty. */
  public static Result test(double[] first, double[] second) {
    if (first.length == 0 || second.length == 0) {
      throw new IllegalArgumentException("the Kolmogorov–Smirnov test needs two non-empty samples");
    }
    double[] a = first.clone();
    double[] b = second.clone();
    Arrays.sort(a);
    Arrays.sort(b);
    double statistic = statistic(a, b);
    double effectiveSize = (double) a.length * b.length / (a.length + b.length);
    return new Result(statistic, pValue(statistic, effectiveSize));
  }

  private static double statistic(double[] a, double[] b) {
    int i = 0;
    int j = 0;
    double largest = 0;
    while (i < a.length && j < b.length) {
      // Step past every copy of the smaller value in both samples before comparing: ties move
      // both distribution functions at once.
      double value = Math.min(a[i], b[j]);
      while (i < a.length && a[i] == value) i++;
      while (j < b.length && b[j] == value) j++;
      largest = Math.max(largest, Math.abs((double) i / a.length - (double) j / b.length));
    }
    return largest;
  }

  /**
   * Asymptotic p-value with Stephens' small-sample correction (as in Numerical Recipes' {@code
   * kstwo}): {@code Q_KS((√n + 0.12 + 0.11/√n)·D)} with {@code n = n1·n2/(n1+n2)}.
   */
  static double pValue(double statistic, double effectiveSize) {
    double root = Math.sqrt(effectiveSize);
    return kolmogorovTail((root + 0.12 + 0.11 / root) * statistic);
  }

  /** {@code Q_KS(λ) = 2 Σ_{k≥1} (-1)^{k-1} e^{-2k²λ²}}, the Kolmogorov distribution's tail. */
  static double kolmogorovTail(double lambda) {
    if (lambda < 0.2) {
      return 1.0; // the series converges slowly here and its value is 1 to many digits
    }
    double sum = 0;
    double sign = 1;
    double previousTerm = 0;
    for (int k = 1; k <= 100; k++) {
      double term = sign * 2 * Math.exp(-2 * k * k * lambda * lambda);
      sum += term;
      if (Math.abs(term) <= 1e-12 * Math.abs(sum) || Math.abs(term) <= 1e-8 * previousTerm) {
        return Math.min(1.0, Math.max(0.0, sum));
      }
      previousTerm = Math.abs(term);
      sign = -sign;
    }
    return 1.0; // did not converge: only for tiny λ, where the tail is 1
  }
}
