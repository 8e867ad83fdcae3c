package io.drover.operator.api.common;

/** Condition types and reasons shared by all kinds (Kubernetes API conventions and kstatus). */
public final class Conditions {

  /** The object is what it should be: a run succeeded, a service serves. */
  public static final String READY = "Ready";

  /** The operator is still working toward the desired state (kstatus). */
  public static final String RECONCILING = "Reconciling";

  /** Progress stopped and will not resume without a change (kstatus). */
  public static final String STALLED = "Stalled";

  /** A rollout is moving the served version (InferenceService). */
  public static final String PROGRESSING = "Progressing";

  /** The object does not serve what its spec asks for, or serves it badly (InferenceService). */
  public static final String DEGRADED = "Degraded";

  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private Conditions() {}
}
