package io.drover.operator.inferenceservice.scaling;

import io.drover.operator.api.inferenceservice.Scaling;
import java.util.Optional;

/**
 * Which autoscaler scales the live versions between their replicas and maxReplicas.
 *
 * @param kind the object made per version, or NONE
 * @param problem why the autoscaler asked for cannot be made, for the Degraded condition
 */
public record AutoscalerChoice(Kind kind, Optional<String> problem) {

  /** The Kubernetes kind status.scaling.autoscaler names, back as a kind. */
  public static Kind kindOf(String kubernetesKind) {
    for (Kind kind : Kind.values()) {
      if (kubernetesKind != null && kubernetesKind.equals(kind.kubernetesKind())) {
        return kind;
      }
    }
    return Kind.NONE;
  }

  /** The autoscaler objects Drover can make. */
  public enum Kind {
    NONE,
    HORIZONTAL_POD_AUTOSCALER,
    SCALED_OBJECT;

    /** The Kubernetes kind, as status.scaling.autoscaler shows it; null for none. */
    public String kubernetesKind() {
      return switch (this) {
        case NONE -> null;
        case HORIZONTAL_POD_AUTOSCALER -> "HorizontalPodAutoscaler";
        case SCALED_OBJECT -> "ScaledObject";
      };
    }
  }

  public static final String KEDA_CRD = "scaledobjects.keda.sh";

  /**
   * @param requestsCpu whether the model server's container requests CPU (utilisation is a share of
   *     the request, so a HorizontalPodAutoscaler on CPU needs one)
   * @param kedaInstalled whether the cluster has KEDA's ScaledObject CRD; asked only for metric
   *     Concurrency
   */
  public static AutoscalerChoice of(Scaling spec, boolean requestsCpu, boolean kedaInstalled) {
    if (!spec.autoscales()) {
      return new AutoscalerChoice(Kind.NONE, Optional.empty());
    }
    return switch (spec.metricOrDefault()) {
      case Cpu ->
          requestsCpu
              ? new AutoscalerChoice(Kind.HORIZONTAL_POD_AUTOSCALER, Optional.empty())
              : new AutoscalerChoice(
                  Kind.NONE,
                  Optional.of(
                      "spec.scaling.metric Cpu scales on CPU utilisation, a share of the CPU each"
                          + " replica requests: set spec.runtime.resources.cpu; until then each"
                          + " version runs its fixed replicas"));
      case Concurrency ->
          kedaInstalled
              ? new AutoscalerChoice(Kind.SCALED_OBJECT, Optional.empty())
              : new AutoscalerChoice(
                  Kind.NONE,
                  Optional.of(
                      "spec.scaling.metric Concurrency needs KEDA, and this cluster has no "
                          + KEDA_CRD
                          + " CRD: install KEDA, or set spec.scaling.metric to Cpu; until then"
                          + " each version runs its fixed replicas"));
    };
  }
}
