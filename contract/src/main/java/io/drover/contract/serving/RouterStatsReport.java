package io.drover.contract.serving;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code GET /router/stats}: the router's figures per variant over a sliding window.
 *
 * @param generatedAt when the document was made (RFC 3339)
 * @param windowSeconds the sliding window the figures cover
 * @param wakes wake-up requests sent since the router started
 * @param variants every variant of the routing table in force, in table order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RouterStatsReport(
    String generatedAt, long windowSeconds, long wakes, List<VariantEntry> variants) {

  public RouterStatsReport {
    variants = variants == null ? List.of() : List.copyOf(variants);
  }

  /**
   * @param role {@code stable}, {@code candidate} or {@code shadow}
   * @param available false while the router considers the variant down
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
   * @param p99Ms latency percentile in milliseconds (upper edge of a 10 % bucket), null without
   *     requests
   * @param shadowAgreed compared shadow answers that agreed with the primary's
   * @param shadowAgreement agreed / compared, null without compared answers
   * @param lastRequestTime the last request since the router started (RFC 3339), null if none
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
      String lastRequestTime) {}

  /** The entry of the variant with that name, if the table has it. */
  public java.util.Optional<VariantEntry> variant(String name) {
    return variants.stream().filter(v -> v.name().equals(name)).findFirst();
  }
}
