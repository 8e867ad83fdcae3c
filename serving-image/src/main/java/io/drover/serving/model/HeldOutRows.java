package io.drover.serving.model;

import io.drover.contract.bundle.InvalidBundleException;
import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.bundle.ModelManifest;
import io.drover.contract.serving.TestRows;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundle's held-out test rows ({@value ModelBundles#TEST_DATA_FILE}, written by the trainer
 * from the rows it kept out of training), for a smoke test that sends them back through {@code
 * /infer} and compares the accuracy with the registered one. Values are the file's own: parsed as
 * doubles, which Jackson writes back in the same shortest form the trainer wrote them. The answer
 * is the contract's {@link TestRows}, the record the operator reads.
 */
public final class HeldOutRows {

  private HeldOutRows() {}

  /**
   * @param limit most rows to return, from the top of the file
   * @return null when the bundle has no held-out rows
   * @throws InvalidBundleException when the file does not match the manifest, naming the line
   */
  public static TestRows read(Path bundle, ModelManifest manifest, int limit) throws IOException {
    Path file = bundle.resolve(ModelBundles.TEST_DATA_FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    List<String> features = manifest.input().names();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String headerLine = reader.readLine();
      if (headerLine == null) {
        return null;
      }
      if (headerLine.startsWith("\uFEFF")) {
        headerLine = headerLine.substring(1);
      }
      List<String> header = split(headerLine, 1).stream().map(String::strip).toList();
      int[] columns = new int[features.size()];
      for (int f = 0; f < columns.length; f++) {
        columns[f] = column(header, features.get(f));
      }
      String labelColumn = labelColumn(manifest, header, features);
      int labelIndex = column(header, labelColumn);
      List<List<Double>> rows = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      long total = 0;
      int lineNumber = 1;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        total++;
        if (rows.size() == limit) {
          continue;
        }
        List<String> cells = split(line, lineNumber);
        if (cells.size() != header.size()) {
          throw invalid(
              lineNumber,
              "has %d values, but the header names %d columns"
                  .formatted(cells.size(), header.size()));
        }
        List<Double> row = new ArrayList<>(columns.length);
        for (int f = 0; f < columns.length; f++) {
          row.add(number(cells.get(columns[f]), features.get(f), lineNumber));
        }
        rows.add(row);
        labels.add(cells.get(labelIndex));
      }
      return new TestRows(features, labelColumn, rows, labels, total);
    }
  }

  private static String labelColumn(
      ModelManifest manifest, List<String> header, List<String> features) {
    if (manifest.output().labelColumn() != null) {
      return manifest.output().labelColumn();
    }
    List<String> others = header.stream().filter(name -> !features.contains(name)).toList();
    if (others.size() != 1) {
      throw invalid(1, "names no single label column, and the manifest names none");
    }
    return others.get(0);
  }

  private static int column(List<String> header, String name) {
    int index = header.indexOf(name);
    if (index < 0) {
      throw invalid(1, "has no column " + name);
    }
    return index;
  }

  private static double number(String cell, String feature, int line) {
    try {
      double value = Double.parseDouble(cell.strip());
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(line, "has %s for %s, not a finite number".formatted(cell, feature));
  }

  /** Splits one line; a quoted cell may hold commas and doubled quotes (RFC 4180). */
  static List<String> split(String line, int lineNumber) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        cell.append('"');
        i++;
      } else if (c == '"' && (quoted || cell.toString().isBlank())) {
        quoted = !quoted;
        if (quoted) {
          cell.setLength(0);
        }
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw invalid(lineNumber, "has an unclosed quote");
    }
    cells.add(cell.toString());
    return cells;
  }

  private static InvalidBundleException invalid(int line, String problem) {
    return new InvalidBundleException(
        "%s, line %d %s".formatted(ModelBundles.TEST_DATA_FILE, line, problem));
  }
}
