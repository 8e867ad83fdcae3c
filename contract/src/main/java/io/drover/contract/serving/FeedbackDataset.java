package io.drover.contract.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The feedback data set: the labelled rows a model server received as ground truth, kept as
 * training data. The one definition of its format; the model server writes it and a trainer reads
 * it as a {@link io.drover.contract.TrainerEnvironment#DATASET_SOURCES} entry.
 *
 * <p>The directory ({@value #DIRECTORY_ENV}) holds CSV files named {@code
 * feedback-<writer>-<n>.csv}: {@code writer} identifies one server process (its start time, host
 * and process id, see {@link #writerId}), {@code n} counts that process's files from 1, zero-padded
 * so that name order is creation order. Each file starts with a header row exactly like the
 * training CSV the model was trained on when its label column is last: the model's feature names in
 * model order, then the label column (the manifest's {@code output.labelColumn}). Each data row
 * holds the feature values as the client sent them for the prediction and the true class
 * <em>label</em> (not its index). Values are quoted as RFC 4180 says when they hold a comma, a
 * quote or a line break; lines end with a line feed.
 *
 * <p>Files are append-only. A process starts a new file after {@link #DEFAULT_ROTATE_ROWS} rows
 * ({@value #ROTATE_ROWS_ENV} overrides it), and never appends to a file it did not create, so
 * processes sharing the directory (replicas, restarts) never write into one another's files.
 *
 * <p>Readers take every {@code *.csv} file in the directory in name order ({@link #files}), and
 * ignore a last line without a line feed: a write in progress, or one a crash tore.
 *
 * <p>In object storage ({@code s3://bucket/prefix}) the files are objects directly under the
 * prefix, with the same names and contents. A process buffers its rows and uploads them as its next
 * object every {@value #DEFAULT_FLUSH_SECONDS} s ({@value #FLUSH_SECONDS_ENV}), as soon as a file's
 * worth of rows ({@value #ROTATE_ROWS_ENV}) waits, and when it stops; each object is written once,
 * whole, and never rewritten (a failed upload's rows go into the next name). Readers download the
 * objects under the prefix and read them as a directory.
 */
public final class FeedbackDataset {

  /**
   * The directory, inside the model-server container, the server appends feedback rows to, or an
   * {@code s3://bucket/prefix} it uploads them under. Absent: feedback is scored for live accuracy
   * but not persisted.
   */
  public static final String DIRECTORY_ENV = "DROVER_FEEDBACK_DIR";

  /** Rows per file before the server starts a new one; {@link #DEFAULT_ROTATE_ROWS} when unset. */
  public static final String ROTATE_ROWS_ENV = "DROVER_FEEDBACK_ROTATE_ROWS";

  /** Rows per file, by default. */
  public static final int DEFAULT_ROTATE_ROWS = 10_000;

  /**
   * In object storage: seconds between two uploads of a process's buffered rows; {@link
   * #DEFAULT_FLUSH_SECONDS} when unset.
   */
  public static final String FLUSH_SECONDS_ENV = "DROVER_FEEDBACK_FLUSH_SECONDS";

  /** Seconds between uploads, by default. */
  public static final int DEFAULT_FLUSH_SECONDS = 10;

  /**
   * In object storage: the most rows a process holds while they wait for upload (uploads failing);
   * beyond it feedback is refused until an upload succeeds. {@link #DEFAULT_BUFFER_ROWS} when
   * unset.
   */
  public static final String BUFFER_ROWS_ENV = "DROVER_FEEDBACK_BUFFER_ROWS";

  /** Rows held for upload at most, by default. */
  public static final int DEFAULT_BUFFER_ROWS = 50_000;

  /** Every file's name starts so. */
  public static final String FILE_PREFIX = "feedback-";

  /** Every file's name ends so; readers take every file that ends so. */
  public static final String FILE_SUFFIX = ".csv";

  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._]+");
  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private FeedbackDataset() {}

  /**
   * A writer id for one process: its start time (UTC, to the millisecond), host and process id,
   * reduced to letters, digits, dots and underscores so it is safe in a file name everywhere.
   */
  public static String writerId(Instant start, String host, long pid) {
    String safeHost =
        UNSAFE.matcher(host == null || host.isBlank() ? "host" : host).replaceAll("_");
    return START.format(start) + "_" + safeHost + "_" + pid;
  }

  /** The name of a writer's {@code sequence}-th file (from 1). */
  public static String fileName(String writer, long sequence) {
    return "%s%s-%09d%s".formatted(FILE_PREFIX, writer, sequence, FILE_SUFFIX);
  }

  /** The header row's columns: the features in model order, then the label column. */
  public static List<String> header(List<String> featureNames, String labelColumn) {
    List<String> columns = new ArrayList<>(featureNames);
    columns.add(labelColumn);
    return List.copyOf(columns);
  }

  /** One CSV line (line feed included) for these cells, quoting those that need it. */
  public static String line(List<String> cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      appendCell(line, cells.get(i));
    }
    return line.append('\n').toString();
  }

  /**
   * Appends one cell, RFC 4180-quoted when it holds a comma, a quote, a line break or edge blanks.
   */
  public static void appendCell(StringBuilder line, String cell) {
    boolean quote =
        cell.isEmpty()
            || !cell.strip().equals(cell)
            || cell.indexOf(',') >= 0
            || cell.indexOf('"') >= 0
            || cell.indexOf('\n') >= 0
            || cell.indexOf('\r') >= 0;
    if (quote) {
      line.append('"').append(cell.replace("\"", "\"\"")).append('"');
    } else {
      line.append(cell);
    }
  }

  /**
   * The data set's files, in the order readers take them: every {@code *.csv} file in the
   * directory, by name. None when the directory does not exist yet (no feedback so far).
   */
  public static List<Path> files(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries
          .filter(p -> p.getFileName().toString().endsWith(FILE_SUFFIX))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (NoSuchFileException e) {
      return List.of();
    }
  }
}
