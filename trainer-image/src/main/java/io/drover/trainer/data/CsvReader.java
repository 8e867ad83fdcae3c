package io.drover.trainer.data;

import io.drover.contract.serving.FeedbackDataset;
import io.drover.trainer.TrainerFailure;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a comma-separated file with a header row (RFC 4180 quoting, UTF-8, optional BOM, LF or CRLF
 * line ends), streaming its rows to a handler so that only parsed values are kept in memory.
 * Structural problems fail the run with the file and line; cell values are checked by the handler,
 * which knows what they must be.
 */
public final class CsvReader {

  /** Receives the file's header, then each data row with exactly as many cells. */
  public interface RowHandler {
    void header(CsvHeader header);

    /**
     * @param line 1-based line number in the file (the header is line 1)
     */
    void row(int line, String[] cells);
  }

  /**
   * @param source the file read (the one inside a given directory)
   * @param digest {@code sha256:<hex>} of the file's bytes
   * @param rows data rows read
   */
  public record Summary(Path source, String digest, int rows) {}

  private CsvReader() {}

  /**
   * Reads the data set's primary source, which must have a header and at least one data row.
   *
   * @param location a CSV file, or a directory holding exactly one {@code .csv} file
   * @param variable the environment variable the location came from, named in errors
   */
  public static Summary read(Path location, String variable, RowHandler handler) {
    Path file = csvFile(location, variable);
    MessageDigest sha256 = sha256();
    Parsed parsed;
    try (InputStream bytes = new DigestInputStream(Files.newInputStream(file), sha256)) {
      parsed = parse(file, bytes, handler);
    } catch (IOException e) {
      throw unreadable(file, variable, e);
    }
    if (!parsed.header()) {
      throw TrainerFailure.invalidInput(
          file + ": the file is empty; expected a header row naming the columns, then data rows");
    }
    if (parsed.rows() == 0) {
      throw TrainerFailure.invalidInput(file + ", line 2: the file has a header but no data rows");
    }
    return new Summary(file, hex(sha256), parsed.rows());
  }

  /**
   * Reads a further source of the data set, which may hold no rows yet (a new feedback set).
   *
   * <ul>
   *   <li>A directory: each of its {@code *.csv} files in name order, each only up to its last line
   *       feed (a last line without one is a write in progress, or torn by a crash, and is
   *       ignored); the digest covers exactly the bytes read. No files, or files with no complete
   *       line, are zero rows.
   *   <li>A file: read whole, like the primary source, but it may be empty or hold only a header.
   *   <li>Absent: zero rows, unless its name ends in {@code .csv} (a file that should be there).
   * </ul>
   *
   * @param variable how errors name the source
   */
  public static Summary readFurther(Path location, String variable, RowHandler handler) {
    MessageDigest sha256 = sha256();
    if (!Files.exists(location)) {
      if (location.getFileName() != null
          && location.getFileName().toString().endsWith(FeedbackDataset.FILE_SUFFIX)) {
        throw unreadable(location, variable, new NoSuchFileException(location.toString()));
      }
      return new Summary(location, hex(sha256), 0);
    }
    int rows = 0;
    if (Files.isDirectory(location)) {
      List<Path> files;
      try {
        files = FeedbackDataset.files(location);
      } catch (IOException e) {
        throw unreadable(location, variable, e);
      }
      for (Path file : files) {
        try {
          long complete = completeLength(file);
          if (complete == 0) {
            continue;
          }
          try (InputStream bytes =
              new DigestInputStream(new Prefix(Files.newInputStream(file), complete), sha256)) {
            rows += parse(file, bytes, handler).rows();
          }
        } catch (IOException e) {
          throw unreadable(file, variable, e);
        }
      }
    } else {
      try (InputStream bytes = new DigestInputStream(Files.newInputStream(location), sha256)) {
        rows = parse(location, bytes, handler).rows();
      } catch (IOException e) {
        throw unreadable(location, variable, e);
      }
    }
    return new Summary(location, hex(sha256), rows);
  }

  /** Whether a header was read, and how many data rows. */
  private record Parsed(boolean header, int rows) {}

  private static Parsed parse(Path file, InputStream bytes, RowHandler handler) throws IOException {
    List<String> header = null;
    int rows = 0;
    int blankLine = 0;
    BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                bytes,
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)));
    try {
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (lineNumber == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          blankLine = blankLine == 0 ? lineNumber : blankLine;
          continue;
        }
        if (blankLine != 0) {
          throw failure(file, blankLine, "is empty; blank lines are allowed only at the end");
        }
        String[] cells = split(line, file, lineNumber);
        if (header == null) {
          header = header(cells, file);
          handler.header(new CsvHeader(file, header));
        } else if (cells.length != header.size()) {
          throw failure(
              file,
              lineNumber,
              "has %d values, but the header names %d columns"
                  .formatted(cells.length, header.size()));
        } else {
          handler.row(lineNumber, cells);
          rows++;
        }
      }
    } catch (CharacterCodingException e) {
      throw TrainerFailure.invalidInput(file + ": not UTF-8 text; save the data set as UTF-8 CSV");
    }
    // Drain what the reader left unread, so the digest covers every byte of the file.
    bytes.transferTo(OutputStream.nullOutputStream());
    return new Parsed(header != null, rows);
  }

  /** Bytes up to and including the file's last line feed; 0 when it has none. */
  private static long completeLength(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer chunk = ByteBuffer.allocate(8192);
      for (long end = channel.size(); end > 0; ) {
        long start = Math.max(0, end - chunk.capacity());
        chunk.clear().limit((int) (end - start));
        while (chunk.hasRemaining() && channel.read(chunk, start + chunk.position()) >= 0) {
          // reads the chunk fully
        }
        for (int i = chunk.position() - 1; i >= 0; i--) {
          if (chunk.get(i) == '\n') {
            return start + i + 1;
          }
        }
        end = start;
      }
      return 0;
    }
  }

  /** The first {@code limit} bytes of a stream: a file read only to its last complete line. */
  private static final class Prefix extends FilterInputStream {
    private long left;

    Prefix(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      left -= b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(buffer, offset, (int) Math.min(length, left));
      left -= Math.max(n, 0);
      return n;
    }
  }

  private static String hex(MessageDigest sha256) {
    return "sha256:" + HexFormat.of().formatHex(sha256.digest());
  }

  private static Path csvFile(Path location, String variable) {
    if (!Files.isDirectory(location)) {
      return location;
    }
    try (Stream<Path> entries = Files.list(location)) {
      List<Path> csvs =
          entries.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
      if (csvs.size() != 1) {
        throw TrainerFailure.invalidInput(
            "%s=%s is a directory with %d .csv files; name the file, or leave exactly one"
                .formatted(variable, location, csvs.size()));
      }
      return csvs.get(0);
    } catch (IOException e) {
      throw unreadable(location, variable, e);
    }
  }

  private static List<String> header(String[] cells, Path file) {
    Set<String> seen = new HashSet<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < cells.length; i++) {
      String name = cells[i].strip();
      if (name.isEmpty()) {
        throw failure(file, 1, "(header): column %d has no name".formatted(i + 1));
      }
      if (!seen.add(name)) {
        throw failure(file, 1, "(header): column \"%s\" appears twice".formatted(name));
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  /** Splits one line; a quoted field may contain commas and doubled quotes, not line breaks. */
  static String[] split(String line, Path file, int lineNumber) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean afterQuote = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
          afterQuote = true;
        } else {
          cell.append(c);
        }
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
        afterQuote = false;
      } else if (c == '"' && cell.toString().isBlank() && !afterQuote) {
        quoted = true;
        cell.setLength(0);
      } else if (afterQuote && !Character.isWhitespace(c)) {
        throw failure(
            file, lineNumber, "has text after a closing quote in column " + (cells.size() + 1));
      } else if (!afterQuote) {
        cell.append(c);
      }
    }
    if (quoted) {
      throw failure(file, lineNumber, "has an unclosed quote (values may not span lines)");
    }
    cells.add(cell.toString());
    return cells.toArray(String[]::new);
  }

  private static TrainerFailure failure(Path file, int line, String problem) {
    return TrainerFailure.invalidInput("%s, line %d %s".formatted(file, line, problem));
  }

  private static TrainerFailure unreadable(Path file, String variable, IOException e) {
    String reason;
    if (e instanceof NoSuchFileException) {
      reason = "no such file";
    } else if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else {
      reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return TrainerFailure.invalidInput(
        "%s: cannot read the data set named by %s: %s".formatted(file, variable, reason));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
