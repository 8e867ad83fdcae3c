package io.drover.serving.router;

import java.net.URI;
import java.util.List;

/**
 * Where the router sends traffic: the variants of one InferenceService.
 *
 * @param stickyHeader a request header whose value pins a user to one variant (A/B), or null
 * @param variants stable and candidate variants share traffic by weight; shadows get copies
 */
public record RoutingTable(String stickyHeader, List<Variant> variants) {

  public RoutingTable {
    variants = List.copyOf(variants);
  }

  public enum Role {
    STABLE,
    CANDIDATE,
    SHADOW
  }

  /**
   * @param weight share of primary traffic, relative to the other primaries' weights
   * @param mirrorPercent for a shadow, the share of requests copied to it
   * @param model the model name the backend serves, for its readiness path; null: server health
   */
  public record Variant(
      String name, Role role, URI url, int weight, int mirrorPercent, String model) {

    /** Where the activator asks whether the backend's model (not just its pod) is ready. */
    public String readyPath() {
      return model == null ? "/v2/health/ready" : "/v2/models/" + model + "/ready";
    }
  }

  /** Stable and candidate variants with a positive weight: those that answer clients. */
  public List<Variant> primaries() {
    return variants.stream().filter(v -> v.role() != Role.SHADOW && v.weight() > 0).toList();
  }

  public List<Variant> shadows() {
    return variants.stream().filter(v -> v.role() == Role.SHADOW).toList();
  }
}
