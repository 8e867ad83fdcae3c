package io.drover.trainer.config;

import static io.drover.contract.TrainerEnvironment.BUNDLE_URI;
import static io.drover.contract.TrainerEnvironment.DATASET_SOURCES;
import static io.drover.contract.TrainerEnvironment.DATASET_URI;
import static io.drover.contract.TrainerEnvironment.DATASET_VERSION;
import static io.drover.contract.TrainerEnvironment.DEFAULT_TERMINATION_LOG;
import static io.drover.contract.TrainerEnvironment.HYPERPARAMETERS;
import static io.drover.contract.TrainerEnvironment.MODE;
import static io.drover.contract.TrainerEnvironment.MODEL;
import static io.drover.contract.TrainerEnvironment.MODE_EVALUATE;
import static io.drover.contract.TrainerEnvironment.MODE_TRAIN;
import static io.drover.contract.TrainerEnvironment.OUTPUT_URI;
import static io.drover.contract.TrainerEnvironment.REFERENCE_URI;
import static io.drover.contract.TrainerEnvironment.RUN;
import static io.drover.contract.TrainerEnvironment.TERMINATION_LOG;
import static io.drover.contract.TrainerEnvironment.TRAINING_MARKER;
import static io.drover.contract.TrainerEnvironment.TRIAL;
import static io.drover.contract.TrainerEnvironment.VALIDATION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.contract.DatasetSource;
import io.drover.contract.DatasetSources;
import io.drover.contract.TrialAssignments;
import io.drover.trainer.TrainerFailure;
import io.drover.trainer.data.DataLocation;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;

/**
 * The trainer contract's environment variables, read once. Locations stay as given (they are
 * reported back as given) and become paths only when used, so each error names its variable.
 *
 * @param mode {@value io.drover.contract.TrainerEnvironment#MODE_TRAIN} or {@value
 *     io.drover.contract.TrainerEnvironment#MODE_EVALUATE}
 * @param run the TrainingRun's name, or {@code null} outside a run
 * @param model registry name of the model
 * @param datasetSources further sources read with the data set, in order; empty when none
 * @param trial search trial index, or {@code null}
 * @param trainingMarker file to create when validation is over and training starts, or {@code null}
 */
public record RunEnvironment(
    String mode,
    String run,
    String model,
    String datasetUri,
    String datasetVersion,
    List<DatasetSource> datasetSources,
    Map<String, String> hyperparameters,
    String outputUri,
    Integer trial,
    String referenceUri,
    String validation,
    String bundleUri,
    String trainingMarker,
    Path terminationLog) {

  /** Reads the contract from an environment; never fails, so a failure can still be reported. */
  public static Path terminationLog(Map<String, String> env) {
    String given = blankToNull(env.get(TERMINATION_LOG));
    return Path.of(given == null ? DEFAULT_TERMINATION_LOG : given);
  }

  /**
   * @throws TrainerFailure when a variable is malformed
   */
  public static RunEnvironment from(Map<String, String> env) {
    String mode = blankToNull(env.get(MODE));
    mode = mode == null ? MODE_TRAIN : mode.strip();
    if (!mode.equals(MODE_TRAIN) && !mode.equals(MODE_EVALUATE)) {
      throw TrainerFailure.invalidInput(
          "%s=%s: expected %s or %s".formatted(MODE, mode, MODE_TRAIN, MODE_EVALUATE));
    }
    Map<String, String> hyperparameters = hyperparameters(env.get(HYPERPARAMETERS));
    String outputUri = blankToNull(env.get(OUTPUT_URI));
    Integer trial = trial(env.get(TRIAL));
    // A pod of a search's Indexed Job finds its own trial by its completion index.
    Optional<TrialAssignments.Selected> selected;
    try {
      selected = TrialAssignments.select(env, hyperparameters);
    } catch (IllegalArgumentException e) {
      throw TrainerFailure.invalidInput(e.getMessage());
    }
    if (selected.isPresent()) {
      hyperparameters = selected.get().hyperparameters();
      outputUri = selected.get().outputUri();
      trial = selected.get().trial();
    }
    return new RunEnvironment(
        mode,
        blankToNull(env.get(RUN)),
        blankToNull(env.get(MODEL)),
        blankToNull(env.get(DATASET_URI)),
        blankToNull(env.get(DATASET_VERSION)),
        datasetSources(env.get(DATASET_SOURCES)),
        hyperparameters,
        outputUri,
        trial,
        blankToNull(env.get(REFERENCE_URI)),
        blankToNull(env.get(VALIDATION)),
        blankToNull(env.get(BUNDLE_URI)),
        blankToNull(env.get(TRAINING_MARKER)),
        terminationLog(env));
  }

  /** Resolves a required location, naming its variable when absent or unreadable. */
  public Path datasetPath() {
    return ContainerPaths.resolve(DATASET_URI, datasetUri);
  }

  /** The data set's first source, {@code DROVER_DATASET_URI}, which must hold rows. */
  public DataLocation datasetLocation() {
    return new DataLocation(DATASET_URI, datasetUri, datasetPath());
  }

  /** How errors name the {@code i}-th further source. */
  public static String sourceName(int i) {
    return "%s[%d]".formatted(DATASET_SOURCES, i);
  }

  public Path outputPath() {
    return ContainerPaths.resolve(OUTPUT_URI, outputUri);
  }

  public Path referencePath() {
    return ContainerPaths.resolve(REFERENCE_URI, referenceUri);
  }

  public Path bundlePath() {
    return ContainerPaths.resolve(BUNDLE_URI, bundleUri);
  }

  /** The version a trained model is given: its run, and the trial when the run searches. */
  public String modelVersion() {
    String base = run == null ? "local" : run;
    return trial == null ? base : base + "-trial-" + trial;
  }

  private static Map<String, String> hyperparameters(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    JsonNode node;
    try {
      node = new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw TrainerFailure.invalidInput(HYPERPARAMETERS + " is not JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw TrainerFailure.invalidInput(
          HYPERPARAMETERS + " must be a JSON object of strings, like {\"epochs\":\"50\"}");
    }
    // Numbers and booleans are accepted as their text: YAML authors often leave values unquoted.
    Map<String, String> values = new LinkedHashMap<>();
    for (Iterator<Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      if (!value.isValueNode() || value.isNull()) {
        throw TrainerFailure.invalidInput(
            "%s: %s must be a string, not %s"
                .formatted(HYPERPARAMETERS, field.getKey(), value.getNodeType()));
      }
      values.put(field.getKey(), value.asText());
    }
    return values;
  }

  private static List<DatasetSource> datasetSources(String json) {
    try {
      return DatasetSources.parse(json);
    } catch (IllegalArgumentException e) {
      throw TrainerFailure.invalidInput(e.getMessage());
    }
  }

  private static Integer trial(String text) {
    if (blankToNull(text) == null) {
      return null;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw TrainerFailure.invalidInput(TRIAL + "=" + text + " is not a whole number");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
