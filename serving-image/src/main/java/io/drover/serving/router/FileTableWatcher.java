package io.drover.serving.router;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Standalone mode: re-reads the table file every {@value #POLL_MILLIS} ms and offers it when its
 * text changed. Polling the content, not file events, also catches a mounted file whose symlink is
 * swapped and editors that replace the file.
 */
public final class FileTableWatcher implements AutoCloseable {

  static final long POLL_MILLIS = 250;
  private static final Logger LOG = Logger.getLogger(FileTableWatcher.class);

  private final Vertx vertx;
  private final Path file;
  private final TableHolder tables;
  private String lastText;
  private String lastProblem;
  private long timer = -1;

  public FileTableWatcher(Vertx vertx, Path file, TableHolder tables) {
    this.vertx = vertx;
    this.file = file;
    this.tables = tables;
  }

  public void start() {
    poll();
    timer = vertx.setPeriodic(POLL_MILLIS, id -> vertx.executeBlocking(() -> poll(), false));
  }

  private synchronized Void poll() {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      String problem = "cannot read the routing table " + file + ": " + e.getMessage();
      if (!problem.equals(lastProblem)) {
        LOG.error(problem + (tables.table() == null ? "" : "; the last good table stays in force"));
        lastProblem = problem;
      }
      return null;
    }
    lastProblem = null;
    if (!text.equals(lastText)) {
      lastText = text;
      tables.offer(text, file.toString());
    }
    return null;
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
