package io.drover.operator.inferenceservice.dataplane;

import io.drover.contract.serving.TestRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Smoke-test rows a person supplies: CSV with a header of the feature names and the label column
 * (the last column), one row per line. Features are sent in the header's order.
 */
public final class SampleRows {

  private SampleRows() {}

  /**
   * @throws IllegalArgumentException naming the line that is wrong
   */
  public static TestRows parse(String csv, String source) {
    List<String> lines = csv.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    if (lines.size() < 2) {
      throw new IllegalArgumentException(
          source + " needs a header line and at least one row of samples");
    }
    List<String> header = Arrays.stream(lines.get(0).split(",")).map(String::strip).toList();
    if (header.size() < 2) {
      throw new IllegalArgumentException(
          source + ": the header must name the features and, last, the label column");
    }
    List<List<Double>> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",", -1);
      if (cells.length != header.size()) {
        throw new IllegalArgumentException(
            "%s line %d has %d values, the header %d"
                .formatted(source, i + 1, cells.length, header.size()));
      }
      List<Double> row = new ArrayList<>();
      for (int c = 0; c < cells.length - 1; c++) {
        try {
          row.add(Double.parseDouble(cells[c].strip()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "%s line %d: %s is not a number (column %s)"
                  .formatted(source, i + 1, cells[c].strip(), header.get(c)));
        }
      }
      rows.add(row);
      labels.add(cells[cells.length - 1].strip());
    }
    return new TestRows(
        header.subList(0, header.size() - 1),
        header.get(header.size() - 1),
        rows,
        labels,
        rows.size());
  }
}
