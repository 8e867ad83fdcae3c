package io.drover.operator.api.trainingrun;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.drover.operator.api.common.ActiveWindow;
import io.drover.operator.api.common.ApiGroup;
import io.drover.operator.api.common.ComputeResources;
import io.drover.operator.api.common.ObjectStorage;
import io.drover.operator.api.common.PodFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** What to train, on what data, with which compute, and what to do with the result. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "!has(self.workers) || self.workers == 1 || !has(self.search)",
    message =
        "spec.workers above 1 (distributed training) cannot be combined with spec.search: run"
            + " the search single-node, or train the chosen parameters on many workers",
    fieldPath = ".workers")
@ValidationRule(
    value = "!has(self.search) || !has(self.activeWindows) || size(self.activeWindows) == 0",
    message =
        "spec.activeWindows cannot be combined with spec.search: a search's rungs start as the"
            + " previous rung ends; remove activeWindows or the search",
    fieldPath = ".activeWindows")
public record TrainingRunSpec(
    @JsonPropertyDescription(
            "Registry name of the model; the ModelVersion created on success carries it. A"
                + " lowercase DNS label, e.g. iris-classifier.")
        @Required
        @Size(max = 63)
        @ValidationRule(
            value = ApiGroup.NAME_RULE,
            message =
                "spec.model must be a lowercase DNS label: letters, digits and '-', starting and"
                    + " ending with a letter or digit")
        String model,
    @JsonPropertyDescription(
            "Trainer container image. Default: the built-in DJL trainer. Any image that"
                + " implements the trainer contract (see the trainer-image README) works.")
        @Size(max = ApiGroup.IMAGE_MAX_LENGTH)
        @ValidationRule(
            value = PodFields.IMAGE_RULE,
            message = "spec.image " + PodFields.IMAGE_HINT)
        String image,
    @JsonPropertyDescription("Entrypoint override for the trainer container.")
        @Size(max = ApiGroup.MAX_ARGS)
        List<@Size(max = ApiGroup.ARG_MAX_LENGTH) String> command,
    @JsonPropertyDescription("Arguments for the trainer container.") @Size(max = ApiGroup.MAX_ARGS)
        List<@Size(max = ApiGroup.ARG_MAX_LENGTH) String> args,
    @JsonPropertyDescription("The data set to train on and how to validate it first.") @Required
        DatasetSpec dataset,
    @JsonPropertyDescription(
            "Hyperparameters passed to the trainer as DROVER_HYPERPARAMETERS (JSON). The built-in"
                + " trainer knows hiddenLayers, epochs, learningRate, batchSize, seed, labelColumn,"
                + " validationFraction, testFraction and earlyStoppingPatience.")
        @Size(max = ApiGroup.MAX_METRICS)
        @ValidationRule(
            value = ApiGroup.IDENTIFIER_KEYS_RULE,
            message = "spec.hyperparameters keys " + ApiGroup.IDENTIFIER_KEYS_HINT)
        Map<String, @Size(max = ApiGroup.TEXT_MAX_LENGTH) String> hyperparameters,
    @JsonPropertyDescription(
            "Search hyperparameters over many trials instead of one training: each trial trains"
                + " spec.hyperparameters with the trial's parameters over them, as one index of an"
                + " Indexed Job; only the best trial's model is registered.")
        HyperparameterSearch search,
    @JsonPropertyDescription(
            "Pods that train together (distributed training), at most 64. Default 1. Above 1, one"
                + " Indexed Job runs them all at once with a headless Service for rank discovery"
                + " and the torchrun environment (MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK,"
                + " LOCAL_RANK); rank 0's result is the run's. The built-in trainer is"
                + " single-node: use an image that implements docs/distributed-training.md.")
        @Min(1)
        @Max(64)
        Integer workers,
    @JsonPropertyDescription("CPU, memory and GPUs for each trainer pod.")
        ComputeResources resources,
    @JsonPropertyDescription("Node labels the trainer pod must run on, e.g. a GPU type.")
        @Size(max = PodFields.MAX_LABELS)
        @ValidationRule(
            value = PodFields.LABELS_RULE,
            message = "spec.nodeSelector " + PodFields.LABELS_HINT)
        Map<String, @Size(max = ApiGroup.LABEL_VALUE_MAX_LENGTH) String> nodeSelector,
    @JsonPropertyDescription("Tolerations for tainted (typically GPU) nodes.")
        @Size(max = PodFields.MAX_TOLERATIONS)
        @ValidationRule(
            value = PodFields.TOLERATION_KEY_RULE,
            message = "spec.tolerations[].key " + PodFields.TOLERATION_KEY_HINT)
        @ValidationRule(
            value = PodFields.TOLERATION_VALUE_RULE,
            message = "spec.tolerations[].value " + PodFields.TOLERATION_VALUE_HINT)
        @ValidationRule(
            value = PodFields.TOLERATION_SECONDS_RULE,
            message = "spec.tolerations[].tolerationSeconds " + PodFields.TOLERATION_SECONDS_HINT)
        List<Toleration> tolerations,
    @JsonPropertyDescription("PriorityClass of the trainer pods.")
        @Size(max = ApiGroup.SUBDOMAIN_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.SUBDOMAIN_RULE,
            message = "spec.priorityClassName must be a PriorityClass name (a DNS subdomain)")
        String priorityClassName,
    @JsonPropertyDescription(
            "Kueue LocalQueue to admit the run through; sets the kueue.x-k8s.io/queue-name label"
                + " on the Job.")
        @Size(max = ApiGroup.NAME_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.NAME_RULE,
            message = "spec.queueName must be the name of a Kueue LocalQueue (a DNS label)")
        String queueName,
    @JsonPropertyDescription("Time and retry limits of the run.") RunLimits limits,
    @JsonPropertyDescription(
            "Where the model bundle is written. Default: the operator's default output location.")
        OutputSpec output,
    @JsonPropertyDescription(
            "Source-code revision of the training code (e.g. a Git commit), recorded as lineage.")
        @Size(max = 256)
        String codeRevision,
    @JsonPropertyDescription(
            "How the model version this run produces is registered: its policy gate and how far"
                + " it is promoted automatically.")
        Registration registration,
    @JsonPropertyDescription(
            "Times of the week in which the run may start; unset or empty: at once. A run"
                + " created outside every window waits in phase Pending (condition Reconciling,"
                + " reason OutsideWindow, the opening time in status.message): its Job is created"
                + " suspended, so no pod runs, no data is validated and no GPU is held, and is"
                + " resumed when a window opens; the pending timeout counts from then. With"
                + " queueName the Job is created only when the window opens (a queue would admit"
                + " a suspended Job at once). Once its Job is created inside a window or resumed,"
                + " the run is not stopped or suspended again when the window closes. A time zone the operator does not know fails the run (reason"
                + " InvalidSpec, the field named).")
        @Size(max = 20)
        List<ActiveWindow> activeWindows,
    @JsonPropertyDescription(
            "Credentials for the run's s3:// locations (data set, sources, output, reference"
                + " bundle) over the operator's setting. The ModelVersion the run registers"
                + " carries it, so the comparison Job and the model servers read the bundle with"
                + " the same Secret.")
        ObjectStorage storage) {

  public List<ActiveWindow> activeWindows() {
    return activeWindows == null ? List.of() : activeWindows;
  }

  public int workersOrDefault() {
    return workers == null ? 1 : workers;
  }

  /** Whether the run trains on more than one pod at once. */
  @JsonIgnore
  public boolean isDistributed() {
    return workersOrDefault() > 1;
  }

  public Map<String, String> hyperparameters() {
    return hyperparameters == null ? Map.of() : hyperparameters;
  }

  public ComputeResources resourcesOrDefault() {
    return resources == null ? new ComputeResources(null, null, null, null, 0, null) : resources;
  }

  public RunLimits limitsOrDefault() {
    return limits == null ? new RunLimits(null, null, null, null, null) : limits;
  }

  /** This spec with another data set: how a retraining run adds the feedback data set. */
  public TrainingRunSpec withDataset(DatasetSpec dataset) {
    return new TrainingRunSpec(
        model,
        image,
        command,
        args,
        dataset,
        this.hyperparameters,
        search,
        workers,
        resources,
        nodeSelector,
        tolerations,
        priorityClassName,
        queueName,
        limits,
        output,
        codeRevision,
        registration,
        this.activeWindows,
        storage);
  }

  /** This spec with other storage credentials: how a retraining run inherits its service's. */
  public TrainingRunSpec withStorage(ObjectStorage other) {
    return new TrainingRunSpec(
        model,
        image,
        command,
        args,
        dataset,
        this.hyperparameters,
        search,
        workers,
        resources,
        nodeSelector,
        tolerations,
        priorityClassName,
        queueName,
        limits,
        output,
        codeRevision,
        registration,
        this.activeWindows,
        other);
  }
}
