package io.drover.trainer.config;

import io.drover.trainer.TrainerFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The trainer's hyperparameters, parsed from the contract's JSON object of strings. Unknown names
 * are refused: a misspelt hyperparameter silently ignored would train a different model than the
 * one asked for.
 *
 * @param labelColumn the column to predict; {@code null} means the last column
 * @param hiddenLayers widths of the hidden layers
 * @param epochs passes over the training split
 * @param learningRate Adam's learning rate
 * @param batchSize rows per optimizer step
 * @param seed seeds weight initialization, shuffling and splitting
 * @param validationFraction share of each label's rows held out for validation loss
 * @param testFraction share of each label's rows held out for the reported metrics
 * @param earlyStoppingPatience epochs without a lower validation loss before training stops; 0
 *     trains every epoch
 */
public record Hyperparameters(
    String labelColumn,
    List<Integer> hiddenLayers,
    int epochs,
    double learningRate,
    int batchSize,
    int seed,
    double validationFraction,
    double testFraction,
    int earlyStoppingPatience) {

  public static final String LABEL_COLUMN = "labelColumn";
  public static final String HIDDEN_LAYERS = "hiddenLayers";
  public static final String EPOCHS = "epochs";
  public static final String LEARNING_RATE = "learningRate";
  public static final String BATCH_SIZE = "batchSize";
  public static final String SEED = "seed";
  public static final String VALIDATION_FRACTION = "validationFraction";
  public static final String TEST_FRACTION = "testFraction";
  public static final String EARLY_STOPPING_PATIENCE = "earlyStoppingPatience";

  /** Every hyperparameter with its default; {@code labelColumn} has none (last column). */
  public static final Map<String, String> DEFAULTS =
      defaults(
          HIDDEN_LAYERS, "64,32",
          EPOCHS, "100",
          LEARNING_RATE, "0.001",
          BATCH_SIZE, "32",
          SEED, "42",
          VALIDATION_FRACTION, "0.15",
          TEST_FRACTION, "0.2",
          EARLY_STOPPING_PATIENCE, "10");

  private static final Set<String> KNOWN = known();

  /** Parses the given values over the defaults. */
  public static Hyperparameters parse(Map<String, String> given) {
    Set<String> unknown = new TreeSet<>(given.keySet());
    unknown.removeAll(KNOWN);
    if (!unknown.isEmpty()) {
      throw TrainerFailure.invalidInput(
          "unknown hyperparameter%s %s; the built-in trainer knows %s"
              .formatted(
                  unknown.size() == 1 ? "" : "s",
                  String.join(", ", unknown),
                  String.join(", ", new TreeSet<>(KNOWN))));
    }
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    given.forEach((name, value) -> values.put(name, value == null ? null : value.strip()));

    String label = values.get(LABEL_COLUMN);
    Hyperparameters parsed =
        new Hyperparameters(
            label == null || label.isEmpty() ? null : label,
            value(values, HIDDEN_LAYERS, Hyperparameters::layerWidths),
            value(values, EPOCHS, Integer::parseInt),
            value(values, LEARNING_RATE, Double::parseDouble),
            value(values, BATCH_SIZE, Integer::parseInt),
            value(values, SEED, Integer::parseInt),
            value(values, VALIDATION_FRACTION, Double::parseDouble),
            value(values, TEST_FRACTION, Double::parseDouble),
            value(values, EARLY_STOPPING_PATIENCE, Integer::parseInt));
    parsed.checkRanges();
    return parsed;
  }

  /** Every value the model was trained with, defaults included, for the manifest. */
  public Map<String, String> asMap(String resolvedLabelColumn) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(LABEL_COLUMN, resolvedLabelColumn);
    map.put(HIDDEN_LAYERS, String.join(",", hiddenLayers.stream().map(String::valueOf).toList()));
    map.put(EPOCHS, String.valueOf(epochs));
    map.put(LEARNING_RATE, String.valueOf(learningRate));
    map.put(BATCH_SIZE, String.valueOf(batchSize));
    map.put(SEED, String.valueOf(seed));
    map.put(VALIDATION_FRACTION, String.valueOf(validationFraction));
    map.put(TEST_FRACTION, String.valueOf(testFraction));
    map.put(EARLY_STOPPING_PATIENCE, String.valueOf(earlyStoppingPatience));
    return map;
  }

  private void checkRanges() {
    require(epochs >= 1, EPOCHS, "must be at least 1");
    require(learningRate > 0 && Double.isFinite(learningRate), LEARNING_RATE, "must be > 0");
    require(batchSize >= 1, BATCH_SIZE, "must be at least 1");
    require(
        testFraction > 0 && testFraction < 1, TEST_FRACTION, "must be between 0 and 1 (exclusive)");
    require(
        validationFraction >= 0 && validationFraction < 1,
        VALIDATION_FRACTION,
        "must be at least 0 and below 1");
    require(
        validationFraction + testFraction < 1,
        VALIDATION_FRACTION,
        "plus " + TEST_FRACTION + " must leave rows to train on (sum below 1)");
    require(earlyStoppingPatience >= 0, EARLY_STOPPING_PATIENCE, "must be 0 (off) or more");
    require(
        earlyStoppingPatience == 0 || validationFraction > 0,
        EARLY_STOPPING_PATIENCE,
        "needs a validation split: set " + VALIDATION_FRACTION + " above 0");
  }

  private static void require(boolean holds, String name, String rule) {
    if (!holds) {
      throw TrainerFailure.invalidInput("hyperparameter " + name + " " + rule);
    }
  }

  private static <T> T value(Map<String, String> values, String name, Function<String, T> parser) {
    String text = values.get(name);
    try {
      return parser.apply(text);
    } catch (RuntimeException e) {
      throw TrainerFailure.invalidInput(
          "hyperparameter %s=\"%s\" is not valid: expected %s"
              .formatted(name, text, expectation(name)));
    }
  }

  private static List<Integer> layerWidths(String text) {
    List<Integer> widths = new ArrayList<>();
    for (String part : text.split(",")) {
      int width = Integer.parseInt(part.strip());
      if (width < 1) {
        throw new IllegalArgumentException("layer width below 1");
      }
      widths.add(width);
    }
    return List.copyOf(widths);
  }

  private static String expectation(String name) {
    return switch (name) {
      case HIDDEN_LAYERS -> "comma-separated positive layer widths, like 64,32";
      case LEARNING_RATE, VALIDATION_FRACTION, TEST_FRACTION -> "a decimal number";
      default -> "a whole number";
    };
  }

  private static Map<String, String> defaults(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  private static Set<String> known() {
    Set<String> names = new TreeSet<>(DEFAULTS.keySet());
    names.add(LABEL_COLUMN);
    return Collections.unmodifiableSet(names);
  }
}
