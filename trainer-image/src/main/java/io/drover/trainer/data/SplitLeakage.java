package io.drover.trainer.data;

import io.drover.contract.TrainerResult.Split;
import io.drover.contract.TrainerResult.ValidationVerdict;
import io.drover.contract.TrainerResult.Verdict;
import io.drover.trainer.config.ValidationSettings;

/**
 * Held-out rows that duplicate a training row: the same feature values (as parsed, bit for bit) and
 * the same label. The model has seen such a row's answer, so metrics over it overstate how it does
 * on unseen data; a data set concatenated with itself reports a perfect test accuracy.
 *
 * @param split the split's sizes and how many test and validation rows leak
 * @param verdict the {@value #CHECK} verdict, or {@code null} when nothing leaks
 * @param problem one sentence saying what leaks, or {@code null} when nothing does
 */
public record SplitLeakage(Split split, ValidationVerdict verdict, String problem) {

  public static final String CHECK = "split-leakage";

  /**
   * Leaked test rows above {@link ValidationSettings#maxLeakedTestFraction()} get the {@link
   * ValidationSettings#onLeakage()} verdict, fewer a warning.
   */
  public static SplitLeakage check(
      LabeledDataset data, DataSplit split, ValidationSettings policy) {
    RowIndex training = new RowIndex(data, split.train());
    int leakedTest = training.countContained(split.test());
    int leakedValidation = training.countContained(split.validation());
    Split sizes =
        new Split(
            (long) split.train().length,
            (long) split.validation().length,
            (long) split.test().length,
            (long) leakedTest,
            (long) leakedValidation);
    if (leakedTest == 0 && leakedValidation == 0) {
      return new SplitLeakage(sizes, null, null);
    }
    double fraction = split.test().length == 0 ? 0 : (double) leakedTest / split.test().length;
    Verdict verdict = fraction > policy.maxLeakedTestFraction() ? policy.onLeakage() : Verdict.Warn;
    String validationPart =
        "%d of %d validation rows".formatted(leakedValidation, split.validation().length);
    String problem =
        leakedTest == 0
            ? validationPart
                + " duplicate training rows (same features and label), so the validation loss that"
                + " picks the kept epoch rewards memorizing; remove duplicate rows from the data set"
            : "%d of %d test rows%s duplicate training rows (same features and label), so the test metrics overstate accuracy on unseen data; remove duplicate rows from the data set"
                .formatted(
                    leakedTest,
                    split.test().length,
                    leakedValidation == 0 ? "" : " and " + validationPart);
    if (verdict == Verdict.Fail) {
      problem +=
          ", or allow it with {\"onLeakage\": \"Warn\"} (more than %s of the test rows leak)"
              .formatted(percent(policy.maxLeakedTestFraction()));
    }
    return new SplitLeakage(
        sizes, new ValidationVerdict(CHECK, null, verdict, fraction, null), problem);
  }

  private static String percent(double fraction) {
    return "%s%%".formatted(Math.round(fraction * 1000) / 10.0).replace(".0%", "%");
  }

  /**
   * The training rows in an open-addressing hash table of row indices: 4 bytes a slot and no boxed
   * keys, so checking a large data set costs a small fraction of the data set's own memory.
   */
  private static final class RowIndex {
    private final LabeledDataset data;
    private final int[] slots; // row index + 1; 0 marks an empty slot
    private final int mask;

    RowIndex(LabeledDataset data, int[] rows) {
      this.data = data;
      // A power of two at most 70% full: short probe runs at 4 bytes a slot.
      int capacity = Integer.highestOneBit(Math.max(2, (int) (rows.length / 0.7))) << 1;
      this.slots = new int[capacity];
      this.mask = capacity - 1;
      for (int row : rows) {
        int slot = slotOf(row);
        while (slots[slot] != 0 && !data.sameRow(slots[slot] - 1, row)) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = row + 1;
      }
    }

    int countContained(int[] rows) {
      int count = 0;
      for (int row : rows) {
        for (int slot = slotOf(row); slots[slot] != 0; slot = (slot + 1) & mask) {
          if (data.sameRow(slots[slot] - 1, row)) {
            count++;
            break;
          }
        }
      }
      return count;
    }

    private int slotOf(int row) {
      int hash = data.rowHash(row) * 0x9E3779B1;
      return (hash ^ (hash >>> 16)) & mask;
    }
  }
}
