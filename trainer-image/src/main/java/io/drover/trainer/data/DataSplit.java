package io.drover.trainer.data;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A stratified split into training, validation and test rows: each label keeps its share in every
 * part, so a small class still reaches the test split. Seeded, hence reproducible.
 *
 * @param train row indices to train on
 * @param validation row indices for validation loss (may be empty)
 * @param test row indices for the reported metrics
 */
public record DataSplit(int[] train, int[] validation, int[] test) {

  public static DataSplit stratified(
      int[] labels, int labelCount, double validationFraction, double testFraction, long seed) {
    Random random = new Random(seed);
    int[] counts = new int[labelCount];
    for (int label : labels) {
      counts[label]++;
    }
    int[][] parts = new int[3][]; // test, validation, train: sizes first, then rows
    int[] sizes = new int[3];
    int[][] byLabel = new int[labelCount][];
    for (int label = 0; label < labelCount; label++) {
      byLabel[label] = new int[counts[label]];
      int[] share = shares(counts[label], validationFraction, testFraction);
      for (int part = 0; part < 3; part++) {
        sizes[part] += share[part];
      }
    }
    int[] filled = new int[labelCount];
    for (int row = 0; row < labels.length; row++) {
      byLabel[labels[row]][filled[labels[row]]++] = row;
    }
    for (int part = 0; part < 3; part++) {
      parts[part] = new int[sizes[part]];
      sizes[part] = 0;
    }
    for (int label = 0; label < labelCount; label++) {
      int[] rows = byLabel[label];
      byLabel[label] = null;
      shuffle(rows, random);
      int[] share = shares(rows.length, validationFraction, testFraction);
      int from = 0;
      for (int part = 0; part < 3; part++) {
        System.arraycopy(rows, from, parts[part], sizes[part], share[part]);
        sizes[part] += share[part];
        from += share[part];
      }
    }
    for (int[] part : parts) {
      Arrays.sort(part);
    }
    return new DataSplit(parts[2], parts[1], parts[0]);
  }

  /** One label's test, validation and training row counts. */
  private static int[] shares(int rows, double validationFraction, double testFraction) {
    int testRows = (int) Math.round(rows * testFraction);
    int validationRows = (int) Math.round(rows * validationFraction);
    // A class with few rows still trains: the held-out parts give way first.
    if (testRows + validationRows >= rows) {
      validationRows = Math.max(0, Math.min(validationRows, rows - testRows - 1));
      testRows = Math.max(0, Math.min(testRows, rows - validationRows - 1));
    }
    return new int[] {testRows, validationRows, rows - testRows - validationRows};
  }

  /** The same permutation {@link java.util.Collections#shuffle(List, Random)} makes of a list. */
  private static void shuffle(int[] rows, Random random) {
    for (int i = rows.length; i > 1; i--) {
      int j = random.nextInt(i);
      int swap = rows[i - 1];
      rows[i - 1] = rows[j];
      rows[j] = swap;
    }
  }
}
