package io.drover.operator.modelversion;

/** Verdicts of a comparison with the Production version. */
final class ComparisonVerdicts {

  static final String PENDING = "Pending";
  static final String RUNNING = "Running";
  static final String WON = "Won";
  static final String LOST = "Lost";
  static final String FAILED = "Failed";

  private ComparisonVerdicts() {}

  static boolean isFinished(String verdict) {
    return WON.equals(verdict) || LOST.equals(verdict);
  }
}
