package io.drover.trainer.evaluate;

import io.drover.contract.bundle.EvaluationReport.ClassMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification metrics from predicted probabilities: the figures the registry's policy and
 * comparisons use. Macro averages weigh every label equally, so a rare class counts.
 *
 * @param metrics {@value #ACCURACY}, {@value #PRECISION}, {@value #RECALL}, {@value #F1} (macro
 *     averages) and {@value #LOG_LOSS}
 * @param confusionMatrix {@code confusionMatrix[actual][predicted]}
 * @param classes per-label figures
 */
public record ClassificationMetrics(
    Map<String, Double> metrics, long[][] confusionMatrix, List<ClassMetrics> classes) {

  public static final String ACCURACY = "accuracy";
  public static final String PRECISION = "precision";
  public static final String RECALL = "recall";
  public static final String F1 = "f1";
  public static final String LOG_LOSS = "logLoss";

  /** Probabilities are clipped here so one confident mistake gives a large, finite log loss. */
  static final double PROBABILITY_FLOOR = 1e-15;

  /**
   * @param probabilities {@code probabilities[row][label]}, each row summing to 1
   * @param actual each row's true label index
   * @param labelNames label names in index order
   */
  public static ClassificationMetrics of(
      float[][] probabilities, int[] actual, List<String> labelNames) {
    int labels = labelNames.size();
    long[][] confusion = new long[labels][labels];
    double logLoss = 0;
    for (int row = 0; row < actual.length; row++) {
      float[] p = probabilities[row];
      int predicted = 0;
      for (int label = 1; label < labels; label++) {
        if (p[label] > p[predicted]) {
          predicted = label;
        }
      }
      confusion[actual[row]][predicted]++;
      logLoss -= Math.log(Math.max(p[actual[row]], PROBABILITY_FLOOR));
    }
    List<ClassMetrics> classes = new ArrayList<>();
    double precisionSum = 0;
    double recallSum = 0;
    double f1Sum = 0;
    long correct = 0;
    for (int label = 0; label < labels; label++) {
      long truePositives = confusion[label][label];
      long support = Arrays.stream(confusion[label]).sum();
      long predictedAs = 0;
      for (long[] actualRow : confusion) {
        predictedAs += actualRow[label];
      }
      double precision = ratio(truePositives, predictedAs);
      double recall = ratio(truePositives, support);
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      classes.add(new ClassMetrics(labelNames.get(label), precision, recall, f1, support));
      precisionSum += precision;
      recallSum += recall;
      f1Sum += f1;
      correct += truePositives;
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(ACCURACY, ratio(correct, actual.length));
    metrics.put(PRECISION, precisionSum / labels);
    metrics.put(RECALL, recallSum / labels);
    metrics.put(F1, f1Sum / labels);
    metrics.put(LOG_LOSS, actual.length == 0 ? 0 : logLoss / actual.length);
    return new ClassificationMetrics(metrics, confusion, List.copyOf(classes));
  }

  public List<List<Long>> confusionMatrixAsLists() {
    return Arrays.stream(confusionMatrix).map(row -> Arrays.stream(row).boxed().toList()).toList();
  }

  /** A label never predicted (or never present) scores 0, as scikit-learn's default does. */
  private static double ratio(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
