package io.drover.operator.api.common;

/** How far a new model version is promoted without a person. */
public enum Promotion {
  /** Register only. */
  None,
  /** Register and promote to Staging when the policy passes. */
  Staging,
  /**
   * Promote to Production when the policy passes and the version wins the comparison with the
   * current Production version (stops at Staging when approval is required).
   */
  Production
}
