package io.drover.operator.api.common;

/** Where a ModelVersion stands in the registry's lifecycle. */
public enum Stage {
  /** Registered, not yet promoted. */
  None,
  /** Candidate for production, served to testers and canaries. */
  Staging,
  /** The version serving users; at most one per model. */
  Production,
  /** Retired, kept for lineage and rollback. */
  Archived,
  /** Failed its registration policy; never promoted. */
  Rejected
}
