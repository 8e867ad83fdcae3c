package io.drover.operator.inferenceservice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingState;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.api.inferenceservice.Rollout.RolloutStrategy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing table the router follows, in the router's format (serving-image README, "The routing
 * table"): a pure function of the service's status, so the traffic split is exactly what the status
 * says — never decided again here.
 */
public final class RoutingTableBuilder {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RoutingTableBuilder() {}

  public static ConfigMap configMap(InferenceService service, InferenceServiceStatus status) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(InferenceServiceResources.routesName(service))
        .withNamespace(service.getMetadata().getNamespace())
        .withLabels(InferenceServiceResources.labels(service, InferenceServiceResources.ROUTER))
        .withAnnotations(InferenceServiceResources.annotations(service))
        .withOwnerReferences(InferenceServiceResources.owner(service))
        .endMetadata()
        .withData(Map.of(InferenceServiceResources.ROUTES_KEY, table(service, status)))
        .build();
  }

  /** The table as JSON, which is YAML too; stable key order, so an unchanged split is no write. */
  static String table(InferenceService service, InferenceServiceStatus status) {
    int port = service.getSpec().runtimeOrDefault().portOrDefault();
    String model = ModelServerBuilder.modelName(service);
    List<Map<String, Object>> variants = new ArrayList<>();
    VariantStatus stable = status.stable();
    variants.add(entry(service, status, stable, "stable", stable.weightOrZero(), port, model));
    VariantStatus candidate = status.candidate();
    if (candidate != null && candidate.weightOrZero() > 0) {
      variants.add(
          entry(service, status, candidate, "candidate", candidate.weightOrZero(), port, model));
    } else if (candidate != null && candidate.mirrorPercentOrZero() > 0) {
      Map<String, Object> shadow = entry(service, status, candidate, "shadow", null, port, model);
      shadow.put("mirrorPercent", candidate.mirrorPercentOrZero());
      variants.add(shadow);
    }
    Map<String, Object> table = new LinkedHashMap<>();
    boolean abTest =
        status.rollout() != null
            && status.rollout().strategy() == RolloutStrategy.AbTest
            && candidate != null
            && candidate.weightOrZero() > 0;
    if (abTest) {
      table.put("stickyHeader", service.getSpec().rolloutOrDefault().stickyHeader());
    }
    ScalingStatus scaling = status.scaling();
    if (scaling != null && scaling.state() == ScalingState.OutsideWindow) {
      Map<String, Object> closed = new LinkedHashMap<>();
      if (scaling.opensAt() != null) {
        closed.put("opensAt", scaling.opensAt());
      }
      closed.put("reason", service.getMetadata().getName() + " is outside its active windows");
      table.put("closed", closed);
    }
    table.put("variants", variants);
    try {
      return JSON.writeValueAsString(table);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a routing table always serializes", e);
    }
  }

  /** At zero replicas by design, or waking from it: requests are held, never failed over. */
  private static boolean asleep(VariantStatus variant, ScalingStatus scaling) {
    boolean atZero = variant.replicas() != null && variant.replicas() == 0;
    boolean waking =
        scaling != null
            && scaling.state() == ScalingState.Waking
            && java.util.Objects.equals(scaling.version(), variant.version());
    return atZero || waking;
  }

  private static Map<String, Object> entry(
      InferenceService service,
      InferenceServiceStatus status,
      VariantStatus variant,
      String role,
      Integer weight,
      int port,
      String model) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", variant.variant());
    entry.put("role", role);
    entry.put("url", InferenceServiceResources.variantUrl(service, variant.variant(), port));
    if (weight != null) {
      entry.put("weight", weight);
    }
    entry.put("model", model);
    if (asleep(variant, status.scaling())) {
      // Down by design: the router holds requests and wakes it, never fails over from it.
      entry.put("scaledToZero", true);
    }
    return entry;
  }
}
