package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.MetricValue;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;

/** What the operator observed of a run. Written by the operator only. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TrainingRunStatus(
    @JsonPropertyDescription("Pending, ValidatingData, Running, Succeeded or Failed.")
        TrainingPhase phase,
    @JsonPropertyDescription("One sentence on the current state; on failure, why.") String message,
    @JsonPropertyDescription("When the trainer pod started running (RFC 3339).") String startTime,
    @JsonPropertyDescription("When the run succeeded or failed (RFC 3339).") String completionTime,
    @JsonPropertyDescription("Running time from start to completion, e.g. 4m12s.") String duration,
    @JsonPropertyDescription("The Job that runs the trainer.") String job,
    @JsonPropertyDescription("Evaluation metrics reported by the trainer on its test split.")
        Map<String, Double> metrics,
    @JsonPropertyDescription(
            "The metric that ranks this run: the search objective, else accuracy, else the first"
                + " reported metric by name.")
        MetricValue objective,
    @JsonPropertyDescription("The data set as the trainer read it.") DatasetStatus dataset,
    @JsonPropertyDescription("Where the trainer wrote the model bundle.") String bundleUri,
    @JsonPropertyDescription("Digest over the bundle's files, as the trainer reported it.")
        String bundleDigest,
    @JsonPropertyDescription("Model format of the bundle, e.g. drover-mlp.") String bundleFormat,
    @JsonPropertyDescription("Data-validation verdicts reported by the trainer, worst first.")
        List<ValidationResult> validation,
    @JsonPropertyDescription("Trials of a hyperparameter search, in start order.")
        List<Trial> trials,
    @JsonPropertyDescription("Index of the best trial of a search.") Integer bestTrial,
    @JsonPropertyDescription("Progress of a hyperparameter search.") SearchProgress search,
    @JsonPropertyDescription("The ModelVersion registered from this run's model.")
        String modelVersion,
    @JsonPropertyDescription(
            "GPU time consumed: GPUs requested times seconds the trainer pods ran, summed over"
                + " retries. Waiting outside an active window counts nothing.")
        Long gpuSeconds,
    @JsonPropertyDescription(
            "CPU time reserved: CPU cores requested (resources.cpu) times seconds the trainer pod"
                + " ran; 0 when no CPU is requested. Waiting outside an active window counts"
                + " nothing.")
        Long cpuSeconds,
    @JsonPropertyDescription(
            "Ready, Reconciling and Stalled, following Kubernetes API conventions and kstatus.")
        List<Condition> conditions,
    @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration) {

  /** The status of a run the operator has not yet seen. */
  public static TrainingRunStatus empty() {
    return new TrainingRunStatus(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null);
  }

  /** This status, naming the ModelVersion registered from the run. */
  public TrainingRunStatus withModelVersion(String name) {
    return new TrainingRunStatus(
        phase,
        message,
        startTime,
        completionTime,
        duration,
        job,
        metrics,
        objective,
        dataset,
        bundleUri,
        bundleDigest,
        bundleFormat,
        validation,
        trials,
        bestTrial,
        search,
        name,
        gpuSeconds,
        cpuSeconds,
        conditions,
        observedGeneration);
  }

  /** This status with other conditions. */
  public TrainingRunStatus withConditions(List<Condition> replaced) {
    return new TrainingRunStatus(
        phase,
        message,
        startTime,
        completionTime,
        duration,
        job,
        metrics,
        objective,
        dataset,
        bundleUri,
        bundleDigest,
        bundleFormat,
        validation,
        trials,
        bestTrial,
        search,
        modelVersion,
        gpuSeconds,
        cpuSeconds,
        replaced,
        observedGeneration);
  }

  public List<Trial> trials() {
    return trials == null ? List.of() : trials;
  }

  /** Succeeded with a bundle, but not yet in the registry. */
  public boolean awaitsRegistration() {
    return phase == TrainingPhase.Succeeded && bundleUri != null && modelVersion == null;
  }

  public Map<String, Double> metrics() {
    return metrics == null ? Map.of() : metrics;
  }

  public List<Condition> conditions() {
    return conditions == null ? List.of() : conditions;
  }
}
