package io.drover.trainer.data;

import io.drover.contract.TrainerResult.SourceRead;
import io.drover.trainer.TrainerFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads a CSV data set into a {@link LabeledDataset}, checking every value as it streams past. The
 * first problem is reported with its file, line and column, with a count of the others so one
 * fix-and-retry cycle does not hide a hundred more.
 */
public final class DatasetLoader {

  private DatasetLoader() {}

  /** For training on one source; see {@link #forTraining(DataLocation, List, String)}. */
  public static LabeledDataset forTraining(Path location, String variable, String labelColumn) {
    return forTraining(
        new DataLocation(variable, location.toString(), location), List.of(), labelColumn);
  }

  /**
   * For training: every column except the label is a feature. The primary source must hold rows;
   * each further source must have the primary's header (same columns, same order) and may hold none
   * ({@link CsvReader#readFurther}). The rows of all sources form one data set.
   *
   * @param labelColumn the label column's name, or {@code null} for the last column
   */
  public static LabeledDataset forTraining(
      DataLocation primary, List<DataLocation> further, String labelColumn) {
    Collector collector =
        new Collector(
            header -> {
              List<String> columns = header.columns();
              int label = labelColumn == null ? columns.size() - 1 : columns.indexOf(labelColumn);
              if (label < 0) {
                throw TrainerFailure.invalidInput(
                    "%s, line 1 (header): no label column \"%s\"; the columns are %s"
                        .formatted(header.source(), labelColumn, String.join(", ", columns)));
              }
              if (columns.size() < 2) {
                throw TrainerFailure.invalidInput(
                    "%s, line 1 (header): only the label column \"%s\"; there are no feature columns"
                        .formatted(header.source(), columns.get(label)));
              }
              List<Integer> features = new ArrayList<>();
              for (int i = 0; i < columns.size(); i++) {
                if (i != label) {
                  features.add(i);
                }
              }
              return new Columns(features, label);
            },
            null);
    Path source = collector.readAll(primary, further);
    collector.problems.throwIfAny();
    List<String> labelNames = List.copyOf(new TreeSet<>(collector.labelIds.keySet()));
    if (labelNames.size() < 2) {
      throw TrainerFailure.invalidInput(
          "%s, column \"%s\": every row has the label \"%s\"; a classifier needs at least two"
              .formatted(
                  further.isEmpty() ? source : "the data set (every source)",
                  collector.labelColumnName(),
                  labelNames.get(0)));
    }
    return collector.dataset(source, labelNames);
  }

  /**
   * For evaluating on one source; see {@link #forModel(DataLocation, List, List, String, List)}.
   */
  public static LabeledDataset forModel(
      Path location,
      String variable,
      List<String> featureNames,
      String labelColumn,
      List<String> labelNames) {
    return forModel(
        new DataLocation(variable, location.toString(), location),
        List.of(),
        featureNames,
        labelColumn,
        labelNames);
  }

  /**
   * For evaluating a trained model: its features and label column are looked up by name, other
   * columns are ignored, and every label must be one the model knows. Further sources are read as
   * {@link #forTraining(DataLocation, List, String)} reads them.
   */
  public static LabeledDataset forModel(
      DataLocation primary,
      List<DataLocation> further,
      List<String> featureNames,
      String labelColumn,
      List<String> labelNames) {
    Collector collector =
        new Collector(
            header -> {
              List<String> columns = header.columns();
              List<String> missing = new ArrayList<>();
              List<Integer> features = new ArrayList<>();
              for (String name : featureNames) {
                if (!columns.contains(name)) {
                  missing.add(name);
                }
                features.add(columns.indexOf(name));
              }
              if (!columns.contains(labelColumn)) {
                missing.add(labelColumn + " (label)");
              }
              if (!missing.isEmpty()) {
                throw TrainerFailure.invalidInput(
                    "%s, line 1 (header): the model needs column%s %s, which the file lacks; it has %s"
                        .formatted(
                            header.source(),
                            missing.size() == 1 ? "" : "s",
                            String.join(", ", missing),
                            String.join(", ", columns)));
              }
              return new Columns(features, columns.indexOf(labelColumn));
            },
            labelNames);
    Path source = collector.readAll(primary, further);
    return collector.dataset(source, labelNames);
  }

  /**
   * The digest of everything read, as {@link io.drover.contract.TrainerResult.Dataset#digest}
   * defines it: the primary's own when it alone contributed rows, else SHA-256 over each
   * contributing source's digest and a line feed, in order.
   */
  static String combinedDigest(List<SourceRead> reads) {
    List<SourceRead> contributing = reads.stream().filter(read -> read.rows() > 0).toList();
    if (contributing.size() == 1 && contributing.get(0) == reads.get(0)) {
      return reads.get(0).digest();
    }
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (SourceRead read : contributing) {
        sha256.update((read.digest() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Which columns hold the features (in model order) and the label. */
  private record Columns(List<Integer> features, int label) {}

  /**
   * Parses rows as they are read; keeps only numbers, in a {@link FeatureMatrix}, and a label id
   * per row (in order of first appearance until every label is known).
   */
  private static final class Collector implements CsvReader.RowHandler {
    private final Function<CsvHeader, Columns> resolve;
    private final List<String> knownLabels;
    private final Problems problems = new Problems();
    private final Map<String, Integer> labelIds = new HashMap<>();
    private FeatureMatrix features;
    private double[] row;
    private int[] labels = new int[1024];
    private int rows;
    private CsvHeader header;
    private List<String> primaryColumns;
    private DataLocation reading;
    private Columns columns;
    private final List<SourceRead> reads = new ArrayList<>();

    Collector(Function<CsvHeader, Columns> resolve, List<String> knownLabels) {
      this.resolve = resolve;
      this.knownLabels = knownLabels;
    }

    /** Reads every source into one data set; returns the primary's file. */
    Path readAll(DataLocation primary, List<DataLocation> further) {
      reading = primary;
      CsvReader.Summary first = CsvReader.read(primary.path(), primary.name(), this);
      reads.add(new SourceRead(primary.uri(), first.digest(), (long) first.rows()));
      for (DataLocation source : further) {
        reading = source;
        CsvReader.Summary summary = CsvReader.readFurther(source.path(), source.name(), this);
        reads.add(new SourceRead(source.uri(), summary.digest(), (long) summary.rows()));
      }
      return first.source();
    }

    @Override
    public void header(CsvHeader header) {
      this.header = header;
      if (primaryColumns != null) {
        requireSameColumns(header);
        return;
      }
      this.primaryColumns = header.columns();
      this.columns = resolve.apply(header);
      this.features = new FeatureMatrix(columns.features().size());
      this.row = new double[columns.features().size()];
    }

    /** Rows of every source must mean the same: same columns, same order. */
    private void requireSameColumns(CsvHeader header) {
      List<String> found = header.columns();
      for (int i = 0; i < Math.max(found.size(), primaryColumns.size()); i++) {
        String expected = i < primaryColumns.size() ? primaryColumns.get(i) : null;
        String actual = i < found.size() ? found.get(i) : null;
        if (!java.util.Objects.equals(expected, actual)) {
          String differs =
              actual == null
                  ? "lacks column %d \"%s\"".formatted(i + 1, expected)
                  : expected == null
                      ? "has an extra column %d \"%s\"".formatted(i + 1, actual)
                      : "has column %d \"%s\" where the data set has \"%s\""
                          .formatted(i + 1, actual, expected);
          throw TrainerFailure.invalidInput(
              "%s=%s: %s, line 1 (header) %s; every source needs the header of %s (%s)"
                  .formatted(
                      reading.name(),
                      reading.uri(),
                      header.source(),
                      differs,
                      io.drover.contract.TrainerEnvironment.DATASET_URI,
                      String.join(",", primaryColumns)));
        }
      }
    }

    @Override
    public void row(int line, String[] cells) {
      for (int f = 0; f < row.length; f++) {
        row[f] = number(cells[columns.features().get(f)], line, columns.features().get(f));
      }
      features.add(row);
      String label = cells[columns.label()].strip();
      if (label.isEmpty()) {
        problems.add(header.at(line, columns.label()) + ": missing label");
      } else if (knownLabels != null && !knownLabels.contains(label)) {
        problems.add(
            "%s: label \"%s\" is not one the model knows (%s)"
                .formatted(
                    header.at(line, columns.label()), label, String.join(", ", knownLabels)));
      }
      if (rows == labels.length) {
        labels = Arrays.copyOf(labels, labels.length * 2);
      }
      labels[rows++] = labelIds.computeIfAbsent(label, name -> labelIds.size());
    }

    String labelColumnName() {
      return primaryColumns.get(columns.label());
    }

    LabeledDataset dataset(Path source, List<String> labelNames) {
      problems.throwIfAny();
      // Ids in order of appearance become indices into the (sorted or the model's) label names.
      int[] indexOfId = new int[labelIds.size()];
      labelIds.forEach((name, id) -> indexOfId[id] = labelNames.indexOf(name));
      int[] labelIndices = Arrays.copyOf(labels, rows);
      labels = null;
      for (int i = 0; i < labelIndices.length; i++) {
        labelIndices[i] = indexOfId[labelIndices[i]];
      }
      return new LabeledDataset(
          source,
          combinedDigest(reads),
          List.copyOf(reads),
          columns.features().stream().map(primaryColumns::get).toList(),
          labelColumnName(),
          labelNames,
          features.trimmed(),
          labelIndices);
    }

    private double number(String cell, int line, int column) {
      String text = cell.strip();
      if (text.isEmpty()) {
        problems.add(header.at(line, column) + ": missing value");
        return Double.NaN;
      }
      try {
        double value = Double.parseDouble(text);
        if (Double.isFinite(value)) {
          return value;
        }
        problems.add(
            "%s: \"%s\" is not a finite number; encode missing values before training"
                .formatted(header.at(line, column), text));
      } catch (NumberFormatException e) {
        problems.add(
            "%s: \"%s\" is not a number; features must be numeric (encode categories as numbers)"
                .formatted(header.at(line, column), text));
      }
      return Double.NaN;
    }
  }

  /** Keeps the first problem's text and counts the rest. */
  private static final class Problems {
    private String first;
    private int count;

    void add(String problem) {
      if (first == null) {
        first = problem;
      }
      count++;
    }

    void throwIfAny() {
      if (first == null) {
        return;
      }
      String more =
          count == 1
              ? ""
              : " (and %d more problem%s in the file)".formatted(count - 1, count == 2 ? "" : "s");
      throw TrainerFailure.invalidInput(first + more);
    }
  }
}
