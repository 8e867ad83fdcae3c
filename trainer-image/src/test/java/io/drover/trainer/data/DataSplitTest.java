package io.drover.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataSplitTest {

  private static final int[] LABELS =
      IntStream.range(0, 150).map(i -> i < 100 ? 0 : i < 140 ? 1 : 2).toArray();

  @Test
  void everyLabelKeepsItsShareInEveryPart() {
    DataSplit split = DataSplit.stratified(LABELS, 3, 0.1, 0.2, 42);

    assertThat(count(split.test(), 0)).isEqualTo(20);
    assertThat(count(split.test(), 1)).isEqualTo(8);
    assertThat(count(split.test(), 2)).isEqualTo(2);
    assertThat(count(split.validation(), 0)).isEqualTo(10);
    int[] all =
        IntStream.concat(
                IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation())),
                Arrays.stream(split.test()))
            .sorted()
            .toArray();
    assertThat(all).isEqualTo(IntStream.range(0, 150).toArray());
  }

  @Test
  void sameSeedSameSplitOtherSeedOtherSplit() {
    assertThat(DataSplit.stratified(LABELS, 3, 0.1, 0.2, 42).test())
        .isEqualTo(DataSplit.stratified(LABELS, 3, 0.1, 0.2, 42).test())
        .isNotEqualTo(DataSplit.stratified(LABELS, 3, 0.1, 0.2, 43).test());
  }

  @Test
  void aTinyClassStillTrains() {
    int[] labels = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1};

    DataSplit split = DataSplit.stratified(labels, 2, 0.3, 0.3, 1);

    assertThat(count(split.train(), labels, 1)).isGreaterThanOrEqualTo(1);
  }

  private static long count(int[] rows, int label) {
    return count(rows, LABELS, label);
  }

  private static long count(int[] rows, int[] labels, int label) {
    return Arrays.stream(rows).filter(row -> labels[row] == label).count();
  }
}
