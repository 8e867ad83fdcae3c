package io.drover.serving.feedback;

import io.drover.contract.serving.FeedbackDataset;
import io.drover.storage.ObjectStore;
import io.drover.storage.StorageLocation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps this process's feedback rows as objects under an {@code s3://} prefix, in the format {@link
 * FeedbackDataset} defines. Appends only buffer the rows in memory; a background thread uploads
 * them as this writer's next object every flush interval, as soon as {@code rotateRows} rows wait,
 * and once more on {@link #close}. An object is written once, whole, and never again: when an
 * upload fails its rows stay buffered and go out under the next name, so no name is written twice
 * (should the store have kept a failed upload after all, its rows are there twice: the set is
 * at-least-once, as on a volume). At most {@code bufferRows} rows wait; beyond that an append is
 * refused, as a failed disk write is, so memory stays bounded and the client sends the labels again
 * later.
 */
public final class ObjectFeedbackStore implements FeedbackSink {

  private static final Logger LOG = Logger.getLogger(ObjectFeedbackStore.class);

  private final ObjectStore store;
  private final StorageLocation prefix;
  private final String writer;
  private final String header;
  private final int rotateRows;
  private final int bufferRows;
  private final ScheduledExecutorService uploader;

  // Guarded by this: what waits for upload, and the counts status() reports.
  private final Deque<Batch> waiting = new ArrayDeque<>();
  private int waitingRows;
  private boolean closed;
  private long rows;
  private long files;
  private String lastObject;
  private long failures;
  private String lastError;
  private Instant lastErrorAt;

  // Guarded by uploading: one upload at a time, so names follow the order rows came in.
  private final Object uploading = new Object();
  private long sequence;

  /** One append's rows, kept together in one object. */
  private record Batch(String lines, int rows) {}

  /**
   * @param store the client, owned (closed) by this store
   * @param prefix the feedback data set's prefix
   * @param writer this process's id ({@link FeedbackDataset#writerId}), part of its object names
   * @param featureNames the model's features, in model order
   * @param labelColumn the column the labels go in, as the model's manifest names it
   * @param rotateRows rows after which an upload starts without waiting for the interval, and the
   *     most rows one object holds (an append's rows are never split)
   * @param bufferRows the most rows held while they wait for upload
   * @param flushInterval time between two uploads of what waits
   */
  public ObjectFeedbackStore(
      ObjectStore store,
      StorageLocation prefix,
      String writer,
      List<String> featureNames,
      String labelColumn,
      int rotateRows,
      int bufferRows,
      Duration flushInterval) {
    if (rotateRows < 1) {
      throw new IllegalArgumentException(
          FeedbackDataset.ROTATE_ROWS_ENV + " must be at least 1, not " + rotateRows);
    }
    if (bufferRows < 1) {
      throw new IllegalArgumentException(
          FeedbackDataset.BUFFER_ROWS_ENV + " must be at least 1, not " + bufferRows);
    }
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException(
          FeedbackDataset.FLUSH_SECONDS_ENV + " must be positive, not " + flushInterval);
    }
    this.store = store;
    this.prefix = prefix;
    this.writer = writer;
    this.header = FeedbackDataset.line(FeedbackDataset.header(featureNames, labelColumn));
    this.rotateRows = rotateRows;
    this.bufferRows = bufferRows;
    this.uploader =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "feedback-upload");
              thread.setDaemon(true);
              return thread;
            });
    long millis = flushInterval.toMillis();
    uploader.scheduleWithFixedDelay(this::flush, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Buffers the rows for the next upload.
   *
   * @throws FeedbackStorageException when {@code bufferRows} rows already wait (uploads have been
   *     failing) or the store is closed; the rows are then not taken
   */
  @Override
  public void append(double[][] features, List<String> labels) throws FeedbackStorageException {
    String lines = FeedbackStore.lines(features, labels);
    boolean full;
    synchronized (this) {
      if (closed) {
        throw refused("the server is stopping");
      }
      if (waitingRows + labels.size() > bufferRows) {
        throw refused(
            "%d rows already wait for upload, the most %s allows%s"
                .formatted(
                    waitingRows,
                    FeedbackDataset.BUFFER_ROWS_ENV,
                    lastError == null ? "" : " (last failure: " + lastError + ")"));
      }
      waiting.addLast(new Batch(lines, labels.size()));
      waitingRows += labels.size();
      full = waitingRows >= rotateRows;
    }
    if (full) {
      try {
        uploader.execute(this::flush);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Closing: close() uploads what waits.
      }
    }
  }

  /**
   * Uploads what waits, one object per {@code rotateRows} rows; stops at the first failure, keeping
   * its rows for the next try. Never throws: a failure is logged and counted, naming the object.
   */
  void flush() {
    synchronized (uploading) {
      while (true) {
        List<Batch> next = take();
        if (next.isEmpty()) {
          return;
        }
        StorageLocation object = prefix.resolve(FeedbackDataset.fileName(writer, ++sequence));
        StringBuilder text = new StringBuilder(header);
        int count = 0;
        for (Batch batch : next) {
          text.append(batch.lines());
          count += batch.rows();
        }
        try {
          store.write(object, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
          putBack(next, object, e);
          return;
        }
        synchronized (this) {
          rows += count;
          files++;
          lastObject = object.name();
        }
      }
    }
  }

  @Override
  public synchronized Status status() {
    return new Status(
        prefix.toString(),
        writer,
        rows,
        files,
        lastObject,
        failures,
        lastError,
        lastErrorAt == null ? null : lastErrorAt.toString());
  }

  /** Rows buffered now, waiting for upload. */
  public synchronized int waitingRows() {
    return waitingRows;
  }

  /** Stops the periodic uploads and uploads what still waits; logs the rows it could not. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    shutdown(uploader);
    flush();
    int lost = waitingRows();
    if (lost > 0) {
      LOG.errorf(
          "%d feedback rows could not be uploaded to %s before the server stopped: %s",
          lost, prefix, status().lastError());
    }
    store.close();
  }

  /** The next object's batches: whole appends, up to {@code rotateRows} rows (at least one). */
  private synchronized List<Batch> take() {
    List<Batch> next = new ArrayList<>();
    int count = 0;
    while (!waiting.isEmpty()
        && (next.isEmpty() || count + waiting.peekFirst().rows() <= rotateRows)) {
      Batch batch = waiting.pollFirst();
      next.add(batch);
      count += batch.rows();
    }
    waitingRows -= count;
    return next;
  }

  /** A failed upload's rows go back to the front, to be uploaded first under the next name. */
  private synchronized void putBack(List<Batch> batches, StorageLocation object, Exception e) {
    for (int i = batches.size() - 1; i >= 0; i--) {
      waiting.addFirst(batches.get(i));
      waitingRows += batches.get(i).rows();
    }
    failures++;
    lastErrorAt = Instant.now();
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    lastError =
        "cannot upload feedback object %s: %s; its %d rows wait for the next upload"
            .formatted(object, reason, waitingRows);
    LOG.warn(lastError);
  }

  /** Counted like a failed write; the caller answers 503. */
  private FeedbackStorageException refused(String why) {
    failures++;
    lastErrorAt = Instant.now();
    String message =
        "cannot persist feedback to %s=%s: %s"
            .formatted(FeedbackDataset.DIRECTORY_ENV, prefix, why);
    return new FeedbackStorageException(message, null);
  }

  private static void shutdown(ExecutorService executor) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
