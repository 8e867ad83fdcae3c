package io.drover.trainer.data;

import io.drover.contract.TrainerResult.SourceRead;
import java.nio.file.Path;
import java.util.List;

/**
 * A classification data set ready for training or evaluation: numeric features and label indices,
 * held compactly (8 bytes a value, 4 a label) so a data set fits in a small multiple of its CSV.
 *
 * @param source the primary source's file
 * @param digest {@code sha256:<hex>} of everything read ({@link
 *     io.drover.contract.TrainerResult.Dataset#digest} defines it over several sources)
 * @param sources what each source contributed, the primary first
 * @param featureNames feature columns, in model input order
 * @param labelColumn the column holding the labels
 * @param labelNames label names; a row's label is an index into this list
 * @param features the values, {@code features.get(row, feature)}
 * @param labels each row's label index
 */
public record LabeledDataset(
    Path source,
    String digest,
    List<SourceRead> sources,
    List<String> featureNames,
    String labelColumn,
    List<String> labelNames,
    FeatureMatrix features,
    int[] labels) {

  /** The data set as a trainer result reports it. */
  public io.drover.contract.TrainerResult.Dataset asResult() {
    return new io.drover.contract.TrainerResult.Dataset(digest, (long) rows(), sources);
  }

  public int rows() {
    return labels.length;
  }

  public int featureCount() {
    return featureNames.size();
  }

  public double value(int row, int feature) {
    return features.get(row, feature);
  }

  /** One feature's values over all rows. */
  public double[] column(int feature) {
    double[] values = new double[rows()];
    for (int row = 0; row < values.length; row++) {
      values[row] = features.get(row, feature);
    }
    return values;
  }

  /** Whether two rows have the same label and bit-identical feature values. */
  public boolean sameRow(int a, int b) {
    return labels[a] == labels[b] && features.sameRow(a, b);
  }

  /** A hash of a row's features and label, consistent with {@link #sameRow}. */
  public int rowHash(int row) {
    return 31 * features.rowHash(row) + labels[row];
  }

  /** Heap bytes the values and labels occupy: what the data set costs in memory. */
  public long heapBytes() {
    return features.valueBytes() + (long) labels.length * Integer.BYTES;
  }

  /** Rows per label, in label order. */
  public long[] labelCounts() {
    long[] counts = new long[labelNames.size()];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }
}
