package io.drover.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
    List<Integer> train = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int label = 0; label < labelCount; label++) {
      List<Integer> rows = new ArrayList<>();
      for (int row = 0; row < labels.length; row++) {
        if (labels[row] == label) {
          rows.add(row);
        }
      }
      Collections.shuffle(rows, random);
      int testRows = (int) Math.round(rows.size() * testFraction);
      int validationRows = (int) Math.round(rows.size() * validationFraction);
      // A class with few rows still trains: the held-out parts give way first.
      if (testRows + validationRows >= rows.size()) {
        validationRows = Math.max(0, Math.min(validationRows, rows.size() - testRows - 1));
        testRows = Math.max(0, Math.min(testRows, rows.size() - validationRows - 1));
      }
      test.addAll(rows.subList(0, testRows));
      validation.addAll(rows.subList(testRows, testRows + validationRows));
      train.addAll(rows.subList(testRows + validationRows, rows.size()));
    }
    return new DataSplit(sorted(train), sorted(validation), sorted(test));
  }

  private static int[] sorted(List<Integer> rows) {
    int[] array = rows.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(array);
    return array;
  }
}
