package io.drover.operator.api.common;

/** Names shared by all Drover kinds. */
public final class ApiGroup {
  public static final String GROUP = "drover.io";
  public static final String VERSION = "v1alpha1";
  public static final String CATEGORY = "drover";

  /** Go-style duration, as Kubernetes users write them: 30s, 10m, 1h30m. */
  public static final String DURATION_RULE = "self.matches('^([0-9]+(\\\\.[0-9]+)?(ms|s|m|h))+$')";

  /** DNS-1123 label, the form of a Kubernetes object or registry name. */
  public static final String NAME_RULE = "self.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')";

  private ApiGroup() {}
}
