package io.drover.operator.modelversion;

import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.kubernetes.ObjectNames;

/** Names and labels around ModelVersions, derived from the objects alone. */
public final class ModelVersionResources {

  /** Annotation an approver sets with stage: Production; the admission policy checks it. */
  public static final String APPROVED_BY_ANNOTATION = "drover.io/approved-by";

  private ModelVersionResources() {}

  /** The Job that evaluates a candidate and the Production version on the same data. */
  public static String comparisonJobName(ModelVersion version) {
    return ObjectNames.bounded(version.getMetadata().getName(), "-compare");
  }
}
