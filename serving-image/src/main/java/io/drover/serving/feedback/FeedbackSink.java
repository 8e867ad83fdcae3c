package io.drover.serving.feedback;

import java.util.List;

/**
 * Where this process keeps its labelled feedback rows, in the format {@link
 * io.drover.contract.serving.FeedbackDataset} defines: files on a volume ({@link FeedbackStore}) or
 * objects under a bucket prefix ({@link ObjectFeedbackStore}).
 */
public interface FeedbackSink extends AutoCloseable {

  /**
   * Takes one row per label.
   *
   * @param features each row's feature values, in model order
   * @param labels each row's true label
   * @throws FeedbackStorageException when the rows cannot be kept; the client should send them
   *     again later
   */
  void append(double[][] features, List<String> labels) throws FeedbackStorageException;

  /** What the sink has done since the process started. */
  Status status();

  /** Stops taking rows and writes out what it still holds. */
  @Override
  void close();

  /**
   * @param directory the directory or {@code s3://} prefix written to
   * @param writer this process's writer id
   * @param rows rows made durable since start (on a volume: forced to disk; in a bucket: uploaded)
   * @param files files (objects) this process created
   * @param currentFile the file appended to now (in a bucket: the last object uploaded), or {@code
   *     null} before the first
   * @param writeFailures writes that failed (in a bucket: failed uploads and refused appends)
   * @param lastError the last failure's message, or {@code null}
   * @param lastErrorAt when it happened (RFC 3339), or {@code null}
   */
  record Status(
      String directory,
      String writer,
      long rows,
      long files,
      String currentFile,
      long writeFailures,
      String lastError,
      String lastErrorAt) {}
}
