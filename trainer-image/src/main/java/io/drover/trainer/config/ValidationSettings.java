package io.drover.trainer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.contract.TrainerEnvironment;
import io.drover.contract.TrainerResult.Verdict;
import io.drover.trainer.TrainerFailure;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * How new data is checked against the reference model, from {@value TrainerEnvironment#VALIDATION}.
 *
 * @param requireNewData refuse a data set identical (same digest) to the reference's
 * @param shiftSignificance family-wise significance level of the per-feature shift tests
 * @param onShift the verdict a significant shift gets: Fail stops the run, Warn reports it
 * @param maxLeakedTestFraction the share of test rows that may duplicate training rows before the
 *     leakage check gives the {@code onLeakage} verdict; any leaked row gets at least a warning
 * @param onLeakage the verdict above that share: Fail stops the run, Warn reports it
 */
public record ValidationSettings(
    boolean requireNewData,
    double shiftSignificance,
    Verdict onShift,
    double maxLeakedTestFraction,
    Verdict onLeakage) {

  /**
   * Heavy leakage fails by default: with more than half the test rows trained on, the reported
   * metrics (which the registry compares to promote models) say little about unseen data. Data with
   * few distinct feature vectors duplicates rows legitimately; it sets {@code onLeakage: Warn}.
   */
  public static final ValidationSettings DEFAULTS =
      new ValidationSettings(false, 0.01, Verdict.Fail, 0.5, Verdict.Fail);

  private static final List<String> KNOWN =
      List.of(
          "requireNewData", "shiftSignificance", "onShift", "maxLeakedTestFraction", "onLeakage");

  /**
   * @param json the variable's value; {@code null} or blank means the defaults
   * @param warnings told about keys this trainer does not know, which it ignores
   */
  public static ValidationSettings parse(String json, Consumer<String> warnings) {
    if (json == null || json.isBlank()) {
      return DEFAULTS;
    }
    JsonNode node;
    try {
      node = new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw invalid("is not JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw invalid("must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KNOWN.contains(name)) {
        warnings.accept(
            "%s: ignoring unknown setting %s".formatted(TrainerEnvironment.VALIDATION, name));
      }
    }
    boolean requireNewData = DEFAULTS.requireNewData;
    if (node.hasNonNull("requireNewData")) {
      JsonNode value = node.get("requireNewData");
      if (!value.isBoolean() && !value.isTextual()) {
        throw invalid("requireNewData must be true or false");
      }
      String text = value.asText();
      if (!text.equals("true") && !text.equals("false")) {
        throw invalid("requireNewData must be true or false, not " + text);
      }
      requireNewData = Boolean.parseBoolean(text);
    }
    double significance = DEFAULTS.shiftSignificance;
    if (node.hasNonNull("shiftSignificance")) {
      JsonNode value = node.get("shiftSignificance");
      try {
        significance = value.isNumber() ? value.asDouble() : Double.parseDouble(value.asText());
      } catch (NumberFormatException e) {
        throw invalid("shiftSignificance must be a number, not " + value);
      }
      if (!(significance > 0 && significance < 1)) {
        throw invalid("shiftSignificance must be between 0 and 1 (exclusive), not " + value);
      }
    }
    double maxLeaked = DEFAULTS.maxLeakedTestFraction;
    if (node.hasNonNull("maxLeakedTestFraction")) {
      JsonNode value = node.get("maxLeakedTestFraction");
      try {
        maxLeaked = value.isNumber() ? value.asDouble() : Double.parseDouble(value.asText());
      } catch (NumberFormatException e) {
        throw invalid("maxLeakedTestFraction must be a number, not " + value);
      }
      if (!(maxLeaked >= 0 && maxLeaked <= 1)) {
        throw invalid("maxLeakedTestFraction must be between 0 and 1, not " + value);
      }
    }
    return new ValidationSettings(
        requireNewData,
        significance,
        verdict(node, "onShift", DEFAULTS.onShift),
        maxLeaked,
        verdict(node, "onLeakage", DEFAULTS.onLeakage));
  }

  private static Verdict verdict(JsonNode node, String name, Verdict fallback) {
    if (!node.hasNonNull(name)) {
      return fallback;
    }
    String text = node.get(name).asText();
    return switch (text) {
      case "Fail" -> Verdict.Fail;
      case "Warn" -> Verdict.Warn;
      default -> throw invalid(name + " must be Fail or Warn, not " + text);
    };
  }

  private static TrainerFailure invalid(String problem) {
    return TrainerFailure.invalidInput(TrainerEnvironment.VALIDATION + " " + problem);
  }
}
