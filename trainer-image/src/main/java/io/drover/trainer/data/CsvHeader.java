package io.drover.trainer.data;

import java.nio.file.Path;
import java.util.List;

/**
 * The header row of a CSV file being read.
 *
 * @param source the file
 * @param columns column names, in file order
 */
public record CsvHeader(Path source, List<String> columns) {

  /** Where in the file a value is, in the form every data error uses. */
  public String at(int line, int column) {
    return "%s, line %d, column \"%s\"".formatted(source, line, columns.get(column));
  }
}
