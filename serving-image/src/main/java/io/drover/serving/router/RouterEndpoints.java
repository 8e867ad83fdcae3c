package io.drover.serving.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.contract.serving.RouterStatsReport;
import io.drover.contract.serving.RouterStatsReport.VariantEntry;
import io.drover.serving.router.RoutingTable.Variant;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The router's own endpoints: health and the per-variant statistics the operator analyses. */
final class RouterEndpoints {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TableHolder tables;
  private final RouterStats stats;
  private final Activator activator;

  RouterEndpoints(TableHolder tables, RouterStats stats, Activator activator) {
    this.tables = tables;
    this.stats = stats;
    this.activator = activator;
  }

  void live(RoutingContext ctx) {
    write(ctx, 200, Map.of("live", true));
  }

  /** Ready once a routing table is in force. */
  void ready(RoutingContext ctx) {
    boolean ready = tables.table() != null;
    write(ctx, ready ? 200 : 503, Map.of("ready", ready));
  }

  void stats(RoutingContext ctx) {
    write(ctx, 200, report());
  }

  /** The statistics document, {@code GET /router/stats}, made now. */
  private RouterStatsReport report() {
    TableHolder.Loaded loaded = tables.loaded();
    RouterStatsReport.Table table =
        new RouterStatsReport.Table(
            loaded == null ? null : loaded.source(),
            loaded == null ? null : loaded.loadedAt().toString(),
            loaded == null ? null : loaded.table().stickyHeader(),
            tables.refusals(),
            tables.lastError());
    List<VariantEntry> variants =
        loaded == null ? List.of() : loaded.table().variants().stream().map(this::entry).toList();
    return new RouterStatsReport(
        Instant.now().toString(), stats.window().toSeconds(), table, activator.wakes(), variants);
  }

  private VariantEntry entry(Variant variant) {
    return new VariantEntry(
        variant.name(),
        variant.role().name().toLowerCase(Locale.ROOT),
        variant.url().toString(),
        variant.weight(),
        variant.mirrorPercent(),
        activator.available(variant),
        stats.of(variant.name()).snapshot());
  }

  private static void write(RoutingContext ctx, int status, Object body) {
    try {
      RouterReplies.json(ctx, status, JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the router's own documents always serialize", e);
    }
  }
}
