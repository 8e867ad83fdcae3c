package io.drover.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How the pods of one Indexed Job of a hyperparameter search find their trial. All pods of a Job
 * share one template, so the operator writes every trial of the Job into {@link
 * TrainerEnvironment#TRIALS} — a JSON array, element {@code i} for completion index {@code i} — and
 * each pod picks the element at its {@link TrainerEnvironment#JOB_COMPLETION_INDEX} (set by
 * Kubernetes in every pod of an Indexed Job):
 *
 * <pre>{@code
 * DROVER_TRIALS=[{"trial":0,"hyperparameters":{"learningRate":"0.01"}},
 *                {"trial":1,"hyperparameters":{"learningRate":"0.001"}}]
 * JOB_COMPLETION_INDEX=1
 * }</pre>
 *
 * The pod then trains {@link TrainerEnvironment#HYPERPARAMETERS} with the trial's hyperparameters
 * over them, reports as trial {@code trial} ({@link TrainerEnvironment#TRIAL}), and writes its
 * bundle to {@link TrainerEnvironment#OUTPUT_URI} + {@code /trial-<trial>} ({@link #outputUri}).
 */
public final class TrialAssignments {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private TrialAssignments() {}

  /**
   * One trial as its pod receives it.
   *
   * @param trial the trial's index within the run (not the completion index)
   * @param hyperparameters the trial's values, each over the run's hyperparameter of that name
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Assignment(int trial, Map<String, String> hyperparameters) {
    public Assignment {
      hyperparameters =
          hyperparameters == null ? Map.of() : new TreeMap<>(Map.copyOf(hyperparameters));
    }
  }

  /** What a pod trains: its trial index, hyperparameters (run's merged with trial's) and output. */
  public record Selected(int trial, Map<String, String> hyperparameters, String outputUri) {}

  /** The {@link TrainerEnvironment#TRIALS} value for a Job whose index i runs {@code trials[i]}. */
  public static String encode(List<Assignment> trials) {
    try {
      return JSON.writeValueAsString(trials);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("trial assignments always serialize", e);
    }
  }

  /**
   * @throws IllegalArgumentException naming the variable when the text is not such an array
   */
  public static List<Assignment> decode(String json) {
    try {
      List<Assignment> trials = JSON.readValue(json, new TypeReference<List<Assignment>>() {});
      if (trials == null) {
        throw new IllegalArgumentException(TrainerEnvironment.TRIALS + " is null");
      }
      return trials;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          TrainerEnvironment.TRIALS
              + " must be a JSON array of {\"trial\":n,\"hyperparameters\":{...}}: "
              + e.getOriginalMessage());
    }
  }

  /**
   * The trial of the pod whose environment this is, or empty when the run does not search.
   *
   * @throws IllegalArgumentException naming the variable when {@link TrainerEnvironment#TRIALS} is
   *     set but the completion index is missing, not a number or out of range
   */
  public static Optional<Selected> select(
      Map<String, String> env, Map<String, String> runHyperparameters) {
    String trials = env.get(TrainerEnvironment.TRIALS);
    if (trials == null || trials.isBlank()) {
      return Optional.empty();
    }
    List<Assignment> assignments = decode(trials);
    String indexText = env.get(TrainerEnvironment.JOB_COMPLETION_INDEX);
    if (indexText == null || indexText.isBlank()) {
      throw new IllegalArgumentException(
          TrainerEnvironment.TRIALS
              + " is set but "
              + TrainerEnvironment.JOB_COMPLETION_INDEX
              + " is not: a search trial runs as a pod of an Indexed Job");
    }
    int index;
    try {
      index = Integer.parseInt(indexText.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          TrainerEnvironment.JOB_COMPLETION_INDEX + "=" + indexText + " is not a whole number");
    }
    if (index < 0 || index >= assignments.size()) {
      throw new IllegalArgumentException(
          "%s=%d is outside %s, which has %d trials"
              .formatted(
                  TrainerEnvironment.JOB_COMPLETION_INDEX,
                  index,
                  TrainerEnvironment.TRIALS,
                  assignments.size()));
    }
    Assignment assignment = assignments.get(index);
    Map<String, String> merged = new LinkedHashMap<>(runHyperparameters);
    merged.putAll(assignment.hyperparameters());
    String output = env.get(TrainerEnvironment.OUTPUT_URI);
    return Optional.of(
        new Selected(
            assignment.trial(),
            merged,
            output == null || output.isBlank() ? null : outputUri(output, assignment.trial())));
  }

  /** Where trial {@code trial} of a run writes its bundle: {@code <run output>/trial-<trial>}. */
  public static String outputUri(String runOutputUri, int trial) {
    return runOutputUri.replaceAll("/+$", "") + "/trial-" + trial;
  }
}
