package io.drover.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The feature values of a data set, row-major in blocks of primitive doubles: 8 bytes a value and
 * nothing per row, where an array per row costs a header and a reference each. Blocks rather than
 * one array so that growing while the CSV streams never copies what was already read, and large
 * data sets are not limited to 2³¹ values.
 */
public final class FeatureMatrix {

  /** Rows per block: small enough that the unused tail of the last one does not matter. */
  static final int BLOCK_ROWS = 1 << 12;

  private final int columns;
  private final List<double[]> blocks = new ArrayList<>();
  private int rows;

  public FeatureMatrix(int columns) {
    this.columns = columns;
  }

  /** Appends a row; {@code values} is copied. */
  public void add(double[] values) {
    if (values.length != columns) {
      throw new IllegalArgumentException(
          "a row has %d values, not %d".formatted(values.length, columns));
    }
    int offset = (rows % BLOCK_ROWS) * columns;
    if (offset == 0) {
      blocks.add(new double[BLOCK_ROWS * columns]);
    }
    System.arraycopy(values, 0, blocks.get(blocks.size() - 1), offset, columns);
    rows++;
  }

  /** Releases the last block's unused tail once every row is in. */
  FeatureMatrix trimmed() {
    int used = rows % BLOCK_ROWS;
    if (used != 0) {
      int last = blocks.size() - 1;
      blocks.set(last, Arrays.copyOf(blocks.get(last), used * columns));
    }
    return this;
  }

  public int rows() {
    return rows;
  }

  public int columns() {
    return columns;
  }

  public double get(int row, int column) {
    return blocks.get(row / BLOCK_ROWS)[(row % BLOCK_ROWS) * columns + column];
  }

  /** Copies one row's values into {@code target} from {@code offset}. */
  public void copyRow(int row, double[] target, int offset) {
    System.arraycopy(
        blocks.get(row / BLOCK_ROWS), (row % BLOCK_ROWS) * columns, target, offset, columns);
  }

  /** Whether two rows hold bit-identical values (so NaN equals NaN, 0.0 differs from -0.0). */
  public boolean sameRow(int a, int b) {
    double[] blockA = blocks.get(a / BLOCK_ROWS);
    double[] blockB = blocks.get(b / BLOCK_ROWS);
    int fromA = (a % BLOCK_ROWS) * columns;
    int fromB = (b % BLOCK_ROWS) * columns;
    return Arrays.equals(blockA, fromA, fromA + columns, blockB, fromB, fromB + columns);
  }

  /** A hash of one row's values, consistent with {@link #sameRow}. */
  public int rowHash(int row) {
    double[] block = blocks.get(row / BLOCK_ROWS);
    int from = (row % BLOCK_ROWS) * columns;
    int hash = 1;
    for (int i = from; i < from + columns; i++) {
      long bits = Double.doubleToLongBits(block[i]);
      hash = 31 * hash + (int) (bits ^ (bits >>> 32));
    }
    return hash;
  }

  /** Heap bytes the values occupy (array contents, headers excluded). */
  public long valueBytes() {
    long values = 0;
    for (double[] block : blocks) {
      values += block.length;
    }
    return values * Double.BYTES;
  }
}
