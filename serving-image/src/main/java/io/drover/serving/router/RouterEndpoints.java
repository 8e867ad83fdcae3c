package io.drover.serving.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.serving.router.RoutingTable.Variant;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    TableHolder.Loaded loaded = tables.loaded();
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("source", loaded == null ? null : loaded.source());
    table.put("loadedAt", loaded == null ? null : loaded.loadedAt().toString());
    table.put("stickyHeader", loaded == null ? null : loaded.table().stickyHeader());
    table.put("refusals", tables.refusals());
    table.put("lastError", tables.lastError());
    List<Map<String, Object>> variants = new ArrayList<>();
    if (loaded != null) {
      for (Variant variant : loaded.table().variants()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", variant.name());
        entry.put("role", variant.role().name().toLowerCase(java.util.Locale.ROOT));
        entry.put("url", variant.url().toString());
        entry.put("weight", variant.weight());
        entry.put("mirrorPercent", variant.mirrorPercent());
        entry.put("available", activator.available(variant));
        entry.put("stats", stats.of(variant.name()).snapshot());
        variants.add(entry);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("generatedAt", Instant.now().toString());
    body.put("windowSeconds", stats.window().toSeconds());
    body.put("table", table);
    body.put("wakes", activator.wakes());
    body.put("variants", variants);
    write(ctx, 200, body);
  }

  private static void write(RoutingContext ctx, int status, Object body) {
    try {
      RouterReplies.json(ctx, status, JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the router's own documents always serialize", e);
    }
  }
}
