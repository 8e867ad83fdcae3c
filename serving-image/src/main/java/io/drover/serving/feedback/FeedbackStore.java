package io.drover.serving.feedback;

import io.drover.contract.serving.FeedbackDataset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends labelled rows to this process's files of the feedback data set, in the format {@link
 * FeedbackDataset} defines, and returns only once they are on disk ({@link FileChannel#force}), so
 * a row whose feedback was answered survives a crash or a restart.
 *
 * <p>One lock orders every append: a file's rows are written at positions this class tracks, so two
 * appends at once would overwrite each other and rotation would lose count. A request's rows go out
 * in one write and stay together in one file; a file is rotated once it holds at least {@code
 * rotateRows} rows. A failed write abandons its file (after trying to cut it back to its last whole
 * row), so the next append starts a new one and a torn line can only ever be a file's last, which
 * readers ignore.
 */
public final class FeedbackStore implements FeedbackSink {

  private final Path directory;
  private final String writer;
  private final String header;
  private final int rotateRows;
  private FileChannel channel;
  private Path file;
  private long position;
  private long rowsInFile;
  private long sequence;
  private long rows;
  private long files;
  private long failures;
  private String lastError;
  private Instant lastErrorAt;

  /**
   * @param directory the feedback data set's directory; created when missing
   * @param writer this process's id ({@link FeedbackDataset#writerId}), part of its file names
   * @param featureNames the model's features, in model order
   * @param labelColumn the column the labels go in, as the model's manifest names it
   * @param rotateRows rows after which a new file is started
   */
  public FeedbackStore(
      Path directory,
      String writer,
      List<String> featureNames,
      String labelColumn,
      int rotateRows) {
    if (rotateRows < 1) {
      throw new IllegalArgumentException(
          FeedbackDataset.ROTATE_ROWS_ENV + " must be at least 1, not " + rotateRows);
    }
    this.directory = directory;
    this.writer = writer;
    this.header = FeedbackDataset.line(FeedbackDataset.header(featureNames, labelColumn));
    this.rotateRows = rotateRows;
  }

  /**
   * Appends one row per label and forces it to disk.
   *
   * @param features each row's feature values, in model order
   * @param labels each row's true label
   * @throws FeedbackStorageException when the rows could not be made durable; none of them is then
   *     counted, though some may have reached a file (the next append starts another)
   */
  @Override
  public synchronized void append(double[][] features, List<String> labels)
      throws FeedbackStorageException {
    String lines = lines(features, labels);
    try {
      if (channel == null || rowsInFile >= rotateRows) {
        open();
      }
      String text = position == 0 ? header + lines : lines;
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      long at = position;
      try {
        while (bytes.hasRemaining()) {
          at += channel.write(bytes, at);
        }
        channel.force(false);
      } catch (IOException e) {
        abandon();
        throw e;
      }
      position = at;
      rowsInFile += labels.size();
      rows += labels.size();
    } catch (IOException e) {
      failures++;
      lastErrorAt = Instant.now();
      lastError =
          "cannot persist feedback to %s=%s: %s"
              .formatted(FeedbackDataset.DIRECTORY_ENV, directory, describe(e));
      throw new FeedbackStorageException(lastError, e);
    }
  }

  @Override
  public synchronized Status status() {
    return new Status(
        directory.toString(),
        writer,
        rows,
        files,
        file == null ? null : file.getFileName().toString(),
        failures,
        lastError,
        lastErrorAt == null ? null : lastErrorAt.toString());
  }

  @Override
  public synchronized void close() {
    abandon();
  }

  /**
   * Starts this process's next file; never one that exists (another writer's or a crashed one's).
   */
  private void open() throws IOException {
    abandon();
    Files.createDirectories(directory);
    while (true) {
      Path next = directory.resolve(FeedbackDataset.fileName(writer, ++sequence));
      try {
        channel = FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      file = next;
      position = 0;
      rowsInFile = 0;
      files++;
      syncDirectory();
      return;
    }
  }

  /** Makes the new file's name durable too; where the file system cannot, the rows still are. */
  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Not every file system lets a directory be opened and forced.
    }
  }

  /** Closes the current file, cutting a failed write's partial line off when it can. */
  private void abandon() {
    if (channel == null) {
      return;
    }
    try {
      channel.truncate(position);
    } catch (IOException e) {
      // The torn line stays the file's last: readers ignore it.
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing more to lose: the rows that count were forced.
    }
    channel = null;
  }

  static String lines(double[][] features, List<String> labels) {
    if (features.length != labels.size()) {
      throw new IllegalArgumentException("one label per row");
    }
    StringBuilder text = new StringBuilder(labels.size() * 64);
    List<String> cells = new ArrayList<>();
    for (int row = 0; row < features.length; row++) {
      cells.clear();
      for (double value : features[row]) {
        cells.add(number(value));
      }
      cells.add(labels.get(row));
      text.append(FeedbackDataset.line(cells));
    }
    return text.toString();
  }

  /**
   * A value as the client most likely sent it: an FP32 input reached the model rounded to 32 bits,
   * and the shortest decimal of that float ({@code 5.1}) reads better than its double's ({@code
   * 5.099999904632568}).
   */
  static String number(double value) {
    float single = (float) value;
    return single == value ? Float.toString(single) : Double.toString(value);
  }

  private static String describe(IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return e.getClass().getSimpleName().equals("IOException")
        ? reason
        : e.getClass().getSimpleName() + ": " + reason;
  }
}
