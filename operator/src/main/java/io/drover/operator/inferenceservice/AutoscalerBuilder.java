package io.drover.operator.inferenceservice;

import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.api.inferenceservice.Scaling;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The autoscaler of one awake variant, between the replicas the rollout gives it and
 * spec.scaling.maxReplicas: a HorizontalPodAutoscaler on CPU, or a KEDA ScaledObject on the
 * router's in-flight requests for the variant (KEDA's metrics-api scaler reads {@code
 * /router/stats}). Named after the variant's Deployment. A variant at zero replicas has none: the
 * step from zero to one is Drover's.
 */
public final class AutoscalerBuilder {

  public static final String KEDA_API_VERSION = "keda.sh/v1alpha1";
  public static final String SCALED_OBJECT = "ScaledObject";

  /** Named in full, so no discovery call is needed. */
  public static final ResourceDefinitionContext SCALED_OBJECTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withKind(SCALED_OBJECT)
          .withPlural("scaledobjects")
          .withNamespaced(true)
          .build();

  private AutoscalerBuilder() {}

  public static HorizontalPodAutoscaler horizontalPodAutoscaler(
      InferenceService service, VariantStatus variant) {
    Scaling scaling = service.getSpec().scalingOrDefault();
    int min = minReplicas(variant);
    return new HorizontalPodAutoscalerBuilder()
        .withMetadata(metadata(service, variant))
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(variant.variant())
        .endScaleTargetRef()
        .withMinReplicas(min)
        .withMaxReplicas(Math.max(min, scaling.maxReplicasOrDefault()))
        .addNewMetric()
        .withType("Resource")
        .withNewResource()
        .withName("cpu")
        .withNewTarget()
        .withType("Utilization")
        .withAverageUtilization(scaling.targetCpuUtilizationPercentOrDefault())
        .endTarget()
        .endResource()
        .endMetric()
        .endSpec()
        .build();
  }

  public static GenericKubernetesResource scaledObject(
      InferenceService service, VariantStatus variant) {
    Scaling scaling = service.getSpec().scalingOrDefault();
    int min = minReplicas(variant);
    String stats =
        "http://%s.%s.svc:%d/router/stats"
            .formatted(
                InferenceServiceResources.serviceName(service),
                service.getMetadata().getNamespace(),
                InferenceServiceResources.ROUTER_PORT);
    Map<String, Object> trigger = new LinkedHashMap<>();
    trigger.put("type", "metrics-api");
    trigger.put("metricType", "AverageValue");
    trigger.put(
        "metadata",
        Map.of(
            "url",
            stats,
            "format",
            "json",
            "valueLocation",
            "variants.#(name==\"%s\").stats.inFlight".formatted(variant.variant()),
            "targetValue",
            Integer.toString(scaling.targetConcurrencyOrDefault())));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put(
        "scaleTargetRef",
        Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", variant.variant()));
    spec.put("minReplicaCount", min);
    spec.put("maxReplicaCount", Math.max(min, scaling.maxReplicasOrDefault()));
    spec.put("triggers", List.of(trigger));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(KEDA_API_VERSION)
        .withKind(SCALED_OBJECT)
        .withMetadata(metadata(service, variant))
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** The rollout's replicas for the variant are the autoscaler's floor. */
  private static int minReplicas(VariantStatus variant) {
    return Math.max(1, variant.replicas() == null ? 1 : variant.replicas());
  }

  private static ObjectMeta metadata(InferenceService service, VariantStatus variant) {
    return new ObjectMetaBuilder()
        .withName(variant.variant())
        .withNamespace(service.getMetadata().getNamespace())
        .withLabels(ModelServerBuilder.podLabels(service, variant))
        .withAnnotations(new LinkedHashMap<>(InferenceServiceResources.annotations(service)))
        .withOwnerReferences(InferenceServiceResources.owner(service))
        .build();
  }
}
