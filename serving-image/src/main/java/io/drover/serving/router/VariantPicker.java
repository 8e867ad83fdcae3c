package io.drover.serving.router;

import io.drover.serving.router.RoutingTable.Variant;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses the variant that answers a request: at random by weight, or, with a sticky value, by
 * weighted rendezvous hashing, so the same value always reaches the same variant and a change of
 * weights moves only the share of users it must.
 */
public final class VariantPicker {

  private VariantPicker() {}

  public static Variant pick(RoutingTable table, String stickyValue) {
    List<Variant> primaries = table.primaries();
    if (primaries.size() == 1) {
      return primaries.get(0);
    }
    return stickyValue == null ? weighted(primaries) : rendezvous(primaries, stickyValue);
  }

  /**
   * One of these variants, by weight (or by sticky value), for a request whose pick is down;
   * variants of weight 0 are taken, in table order, only when no other is left.
   */
  static Variant among(List<Variant> variants, String stickyValue) {
    List<Variant> weighted = variants.stream().filter(v -> v.weight() > 0).toList();
    if (weighted.isEmpty()) {
      return variants.get(0);
    }
    if (weighted.size() == 1) {
      return weighted.get(0);
    }
    return stickyValue == null ? weighted(weighted) : rendezvous(weighted, stickyValue);
  }

  private static Variant weighted(List<Variant> primaries) {
    long total = 0;
    for (Variant variant : primaries) {
      total += variant.weight();
    }
    long ticket = ThreadLocalRandom.current().nextLong(total);
    for (Variant variant : primaries) {
      ticket -= variant.weight();
      if (ticket < 0) {
        return variant;
      }
    }
    return primaries.get(primaries.size() - 1);
  }

  /** Highest score wins: {@code -weight / ln(u)}, u a uniform hash of (value, variant). */
  static Variant rendezvous(List<Variant> primaries, String value) {
    Variant best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Variant variant : primaries) {
      double u = ((hash(value, variant.name()) >>> 11) + 0.5) / (1L << 53);
      double score = -variant.weight() / Math.log(u);
      if (score > bestScore) {
        bestScore = score;
        best = variant;
      }
    }
    return best;
  }

  /** FNV-1a over value, a separator and the variant's name, then a finalizer to spread bits. */
  private static long hash(String value, String name) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : (value + '\0' + name).getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    hash ^= hash >>> 33;
    return hash;
  }
}
