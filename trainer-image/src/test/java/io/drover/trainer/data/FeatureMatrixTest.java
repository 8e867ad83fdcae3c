package io.drover.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeatureMatrixTest {

  @Test
  void rowsAcrossBlocksReadBackAndCostEightBytesAValue() {
    int rows = FeatureMatrix.BLOCK_ROWS * 2 + 17;
    FeatureMatrix matrix = new FeatureMatrix(3);
    for (int row = 0; row < rows; row++) {
      matrix.add(new double[] {row, -row, row % 5});
    }
    matrix.trimmed();

    assertThat(matrix.rows()).isEqualTo(rows);
    int last = rows - 1;
    assertThat(matrix.get(last, 1)).isEqualTo(-last);
    double[] copy = new double[4];
    matrix.copyRow(FeatureMatrix.BLOCK_ROWS, copy, 1);
    assertThat(copy).containsExactly(0, FeatureMatrix.BLOCK_ROWS, -FeatureMatrix.BLOCK_ROWS, 1);
    assertThat(matrix.valueBytes()).isEqualTo(rows * 3L * Double.BYTES);
  }

  @Test
  void equalRowsInDifferentBlocksAreTheSameRowWithTheSameHash() {
    FeatureMatrix matrix = new FeatureMatrix(2);
    for (int row = 0; row <= FeatureMatrix.BLOCK_ROWS; row++) {
      matrix.add(row == FeatureMatrix.BLOCK_ROWS ? new double[] {0.5, 2} : new double[] {row, 2});
    }
    matrix.add(new double[] {0.5, 2});

    int a = FeatureMatrix.BLOCK_ROWS;
    int b = a + 1;
    assertThat(matrix.sameRow(a, b)).isTrue();
    assertThat(matrix.rowHash(a)).isEqualTo(matrix.rowHash(b));
    assertThat(matrix.sameRow(0, a)).isFalse();
  }
}
