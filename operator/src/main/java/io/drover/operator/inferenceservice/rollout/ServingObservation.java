package io.drover.operator.inferenceservice.rollout;

import java.util.Map;

/**
 * The serving objects as observed: each variant's health by variant name, and the router's.
 *
 * @param routerReady whether the router has a ready pod
 */
public record ServingObservation(Map<String, VariantHealth> variants, boolean routerReady) {

  public ServingObservation {
    variants = Map.copyOf(variants);
  }

  public VariantHealth of(String variant) {
    return variants.getOrDefault(variant, VariantHealth.absent());
  }
}
