package io.drover.contract.serving;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /router/stats}: the router's figures per variant over a sliding window. The router
 * writes this record and the operator reads it for its rollout analysis.
 *
 * @param generatedAt when the document was made (RFC 3339)
 * @param windowSeconds the sliding window the figures cover
 * @param table the routing table in force and the refused updates; its fields are null before the
 *     first table
 * @param wakes wake-up requests sent since the router started
 * @param variants every variant of the routing table in force, in table order (empty before the
 *     first table)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RouterStatsReport(
    String generatedAt, long windowSeconds, Table table, long wakes, List<VariantEntry> variants) {

  public RouterStatsReport {
    variants = variants == null ? List.of() : List.copyOf(variants);
  }

  /**
   * The routing table in force.
   *
   * @param source where it came from ({@code ConfigMap ml/iris-router}, a file path), null before
   *     the first table
   * @param loadedAt when it came into force (RFC 3339), null before the first table
   * @param stickyHeader the header that sticks a user to a variant, null when none
   * @param refusals updates refused since start (the previous table stayed in force)
   * @param lastError why the last refused update was refused, null when none was
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Table(
      String source, String loadedAt, String stickyHeader, long refusals, String lastError) {}

  /**
   * One variant of the table and its figures.
   *
   * @param name the variant's name in the table
   * @param role {@code stable}, {@code candidate} or {@code shadow}
   * @param url the variant's base URL
   * @param weight relative share of the traffic (stable and candidate; 0 for a shadow)
   * @param mirrorPercent share of inference requests copied to it (a shadow; 0 otherwise)
   * @param available false while the router considers the variant down
   * @param stats its figures over the window
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VariantEntry(
      String name,
      String role,
      String url,
      int weight,
      int mirrorPercent,
      boolean available,
      VariantStats stats) {}

  /**
   * One variant's figures over the window.
   *
   * @param requests requests answered (a shadow: copies sent)
   * @param errors 5xx, timeouts, connection failures, 503 after a failed activation
   * @param errorRate errors / requests, null without requests
   * @param p50Ms median latency in milliseconds (upper edge of a 10 % bucket), null without
   *     requests
   * @param p95Ms 95th percentile latency in milliseconds, like {@code p50Ms}
   * @param p99Ms 99th percentile latency in milliseconds, like {@code p50Ms}
   * @param shadowAgreed compared shadow answers that agreed with the primary's
   * @param shadowDisagreed compared shadow answers that did not
   * @param shadowAgreement agreed / compared, null without compared answers
   * @param shadowDropped shadow copies not sent because too many were in flight
   * @param lastRequestTime the last request since the router started (RFC 3339), null if none
   * @param inFlight requests to the variant in flight now, held ones (waiting for it to wake or
   *     recover) included; not windowed. KEDA's metrics-api scaler reads it with the GJSON path
   *     {@code variants.#(name=="<variant>").stats.inFlight}
   * @param lastColdStartSeconds the last activation of the variant from scale-to-zero: seconds from
   *     the wake-up sent to the first request it answered successfully; null before any
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VariantStats(
      long requests,
      long errors,
      Double errorRate,
      Double p50Ms,
      Double p95Ms,
      Double p99Ms,
      long shadowAgreed,
      long shadowDisagreed,
      Double shadowAgreement,
      long shadowDropped,
      String lastRequestTime,
      int inFlight,
      Double lastColdStartSeconds) {}

  /** The entry of the variant with that name, if the table has it. */
  public Optional<VariantEntry> variant(String name) {
    return variants.stream().filter(v -> v.name().equals(name)).findFirst();
  }
}
