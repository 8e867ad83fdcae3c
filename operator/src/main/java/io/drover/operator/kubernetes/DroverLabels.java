package io.drover.operator.kubernetes;

/** Labels every controller puts on the objects it manages, and the selector that finds them. */
public final class DroverLabels {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "drover-operator";
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
  public static final String MODEL_LABEL = "drover.io/model";

  /** Equality selector of everything the operator manages (set-based selectors are avoided). */
  public static final String MANAGED_SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY;

  private DroverLabels() {}
}
