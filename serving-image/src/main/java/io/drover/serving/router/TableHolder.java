package io.drover.serving.router;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The routing table in force. A new text replaces it only when it parses and checks; otherwise the
 * refusal is logged and counted, and the last good table keeps routing.
 */
public final class TableHolder {

  private static final Logger LOG = Logger.getLogger(TableHolder.class);

  private final AtomicReference<Loaded> current = new AtomicReference<>();
  private volatile String lastError;
  private volatile long refusals;

  /**
   * @param source where the text came from, for the log
   * @return whether the table was taken
   */
  public synchronized boolean offer(String text, String source) {
    Loaded previous = current.get();
    if (previous != null && previous.text.equals(text)) {
      return true;
    }
    try {
      RoutingTable table = RoutingTables.parse(text);
      current.set(new Loaded(table, text, source, Instant.now()));
      lastError = null;
      LOG.infof("routing table from %s: %s", source, table);
      return true;
    } catch (InvalidTableException e) {
      refuse(e, source);
      return false;
    }
  }

  /** Counts and logs a table refused before it was even read (too large); the old one stays. */
  public synchronized void refuse(InvalidTableException refusal, String source) {
    lastError = refusal.getMessage();
    refusals++;
    LOG.errorf(
        "routing table from %s refused, %s: %s",
        source,
        current.get() == null ? "no table yet" : "the previous table stays in force",
        refusal.getMessage());
  }

  /** The table in force, or null before the first good one. */
  public RoutingTable table() {
    Loaded loaded = current.get();
    return loaded == null ? null : loaded.table;
  }

  public Loaded loaded() {
    return current.get();
  }

  public String lastError() {
    return lastError;
  }

  public long refusals() {
    return refusals;
  }

  public record Loaded(RoutingTable table, String text, String source, Instant loadedAt) {}
}
