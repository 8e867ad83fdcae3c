package io.drover.trainer.data;

import io.drover.trainer.TrainerFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
   * @param location a CSV file, or a directory holding exactly one {@code .csv} file
   * @param variable the environment variable the location came from, named in errors
   */
  public static Summary read(Path location, String variable, RowHandler handler) {
    Path file = csvFile(location, variable);
    MessageDigest sha256 = sha256();
    List<String> header = null;
    int rows = 0;
    int blankLine = 0;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new DigestInputStream(Files.newInputStream(file), sha256),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
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
    } catch (IOException e) {
      throw unreadable(file, variable, e);
    }
    if (header == null) {
      throw TrainerFailure.invalidInput(
          file + ": the file is empty; expected a header row naming the columns, then data rows");
    }
    if (rows == 0) {
      throw TrainerFailure.invalidInput(file + ", line 2: the file has a header but no data rows");
    }
    String digest = "sha256:" + HexFormat.of().formatHex(sha256.digest());
    return new Summary(file, digest, rows);
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
