package io.drover.serving.router;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Standalone mode: re-reads the table file {@value #POLL_MILLIS} ms after the last read finished
 * and offers it when its text changed. Polling the content, not file events, also catches a mounted
 * file whose symlink is swapped and editors that replace the file. One poll at a time: the next is
 * scheduled only when the last is done, so a slow read or parse can never pile polls up behind it;
 * a file over {@link RoutingTables#MAX_BYTES} is refused by its size, unread.
 */
public final class FileTableWatcher implements AutoCloseable {

  static final long POLL_MILLIS = 250;
  private static final Logger LOG = Logger.getLogger(FileTableWatcher.class);

  private final Vertx vertx;
  private final Path file;
  private final TableHolder tables;
  private final AtomicLong polls = new AtomicLong();
  private String lastText;
  private String lastProblem;
  private volatile boolean closed;
  private volatile long timer = -1;

  public FileTableWatcher(Vertx vertx, Path file, TableHolder tables) {
    this.vertx = vertx;
    this.file = file;
    this.tables = tables;
  }

  /** Reads the file once now, then keeps following it. */
  public void start() {
    poll();
    next();
  }

  /** Polls started so far (each after the previous one finished). */
  long polls() {
    return polls.get();
  }

  private void next() {
    if (closed) {
      return;
    }
    timer =
        vertx.setTimer(
            POLL_MILLIS, id -> vertx.executeBlocking(this::poll, false).onComplete(done -> next()));
  }

  private Void poll() {
    polls.incrementAndGet();
    String text;
    try {
      long size = Files.size(file);
      if (size > RoutingTables.MAX_BYTES) {
        String problem = "size " + size + " " + Files.getLastModifiedTime(file);
        if (!problem.equals(lastProblem)) {
          lastProblem = problem;
          lastText = null;
          tables.refuse(RoutingTables.tooLarge(size), file.toString());
        }
        return null;
      }
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
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
