package io.drover.serving.router;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Where the router sends traffic: the variants of one InferenceService. Immutable; the lists the
 * router reads on every request are computed once, when the table is built.
 */
public final class RoutingTable {

  private final String stickyHeader;
  private final Closed closed;
  private final List<Variant> variants;
  private final List<Variant> primaries;
  private final List<Variant> answering;
  private final List<Variant> shadows;

  /**
   * @param stickyHeader a request header whose value pins a user to one variant (A/B), or null
   * @param closed set while the service is outside its active windows, else null
   * @param variants stable and candidate variants share traffic by weight; shadows get copies
   */
  public RoutingTable(String stickyHeader, Closed closed, List<Variant> variants) {
    this.stickyHeader = stickyHeader;
    this.closed = closed;
    this.variants = List.copyOf(variants);
    this.primaries =
        this.variants.stream().filter(v -> v.role() != Role.SHADOW && v.weight() > 0).toList();
    this.answering = this.variants.stream().filter(v -> v.role() != Role.SHADOW).toList();
    this.shadows = this.variants.stream().filter(v -> v.role() == Role.SHADOW).toList();
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
   * @param scaledToZero the operator scaled it to zero on purpose: a request for it wakes it
   */
  public record Variant(
      String name,
      Role role,
      URI url,
      int weight,
      int mirrorPercent,
      String model,
      boolean scaledToZero) {

    /** Where the activator asks whether the backend's model (not just its pod) is ready. */
    public String readyPath() {
      return model == null ? "/v2/health/ready" : "/v2/models/" + model + "/ready";
    }
  }

  /**
   * The service is outside its active windows: every client request is refused, nothing is woken.
   *
   * @param opensAt when it opens next, or null when no window is ahead
   * @param reason what clients are told
   */
  public record Closed(Instant opensAt, String reason) {}

  public String stickyHeader() {
    return stickyHeader;
  }

  /** Why and until when the service is closed, or null while it is open. */
  public Closed closed() {
    return closed;
  }

  public List<Variant> variants() {
    return variants;
  }

  /** Stable and candidate variants with a positive weight: those that answer clients. */
  public List<Variant> primaries() {
    return primaries;
  }

  /**
   * Stable and candidate variants whatever their weight: any of them may hold predictions awaiting
   * feedback (a candidate set to weight 0 answered requests until then).
   */
  public List<Variant> answering() {
    return answering;
  }

  public List<Variant> shadows() {
    return shadows;
  }

  /** The variant of that name, or null. */
  public Variant variant(String name) {
    for (Variant variant : variants) {
      if (variant.name().equals(name)) {
        return variant;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "RoutingTable[stickyHeader="
        + stickyHeader
        + (closed == null ? "" : ", closed=" + closed)
        + ", variants="
        + variants
        + "]";
  }
}
