package io.drover.operator.trainingrun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.contract.DatasetSource;
import io.drover.contract.DatasetSources;
import io.drover.contract.TrainerEnvironment;
import io.drover.contract.TrialAssignments;
import io.drover.operator.api.common.GoDuration;
import io.drover.operator.api.trainingrun.DataValidation;
import io.drover.operator.api.trainingrun.RunLimits;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.api.trainingrun.TrainingRunSpec;
import io.drover.operator.api.trainingrun.Trial;
import io.drover.operator.config.TrainingConfig;
import io.drover.operator.kubernetes.ObjectStorageAccess;
import io.drover.operator.kubernetes.PodResources;
import io.drover.operator.kubernetes.RestrictedSecurity;
import io.drover.operator.kubernetes.StorageMounts;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The desired trainer Job of a TrainingRun: a pure function of the run and the operator's defaults.
 * It creates nothing; the reconciler applies it.
 */
public final class TrainingJobBuilder {

  static final String CONTAINER = "trainer";
  static final String SCRATCH_VOLUME = "scratch";
  static final String SCRATCH_PATH = "/tmp";

  /** Created by the built-in trainer when its data passed validation and training starts. */
  static final String TRAINING_MARKER = SCRATCH_PATH + "/drover-training-started";

  /** The trainer contract's exit codes for unusable input and for data that failed validation. */
  static final List<Integer> INPUT_REFUSED_EXIT_CODES = List.of(1, 2);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrainingConfig config;
  private final ObjectStorageAccess objectStorage;

  public TrainingJobBuilder(TrainingConfig config) {
    this(config, ObjectStorageAccess.defaults());
  }

  public TrainingJobBuilder(TrainingConfig config, ObjectStorageAccess objectStorage) {
    this.config = config;
    this.objectStorage = objectStorage;
  }

  /**
   * The run's bundle location before volume mapping: {@code <output base>/<model>/<run>}.
   *
   * @throws InvalidRunException when neither the run nor the operator names an output location
   */
  public String outputUri(TrainingRun run) {
    TrainingRunSpec spec = run.getSpec();
    String base =
        spec.output() != null
            ? spec.output().uri()
            : config
                .defaultOutputUri()
                .orElseThrow(
                    () ->
                        new InvalidRunException(
                            "spec.output.uri is required: this operator has no default output"
                                + " location (drover.training.default-output-uri)"));
    return base.replaceAll("/+$", "") + "/" + spec.model() + "/" + run.getMetadata().getName();
  }

  public Job build(TrainingRun run) {
    return build(run, Optional.empty());
  }

  /**
   * @param reference bundle of the model's current Production version, against which the trainer
   *     validates the new data
   */
  public Job build(TrainingRun run, Optional<String> reference) {
    TrainingRunSpec spec = run.getSpec();
    RunLimits limits = spec.limitsOrDefault();
    Map<String, String> labels = TrainingRunResources.labels(run);
    Map<String, String> jobLabels = new HashMap<>(labels);
    if (spec.queueName() != null) {
      jobLabels.put(TrainingRunResources.KUEUE_QUEUE_LABEL, spec.queueName());
    }

    StorageMounts storage = new StorageMounts();
    List<EnvVar> env = contractEnvironment(run, storage);
    reference.ifPresent(
        uri -> env.add(new EnvVar(TrainerEnvironment.REFERENCE_URI, storage.input(uri), null)));
    List<String> locations = new ArrayList<>();
    locations.add(spec.dataset().uri());
    spec.dataset().sources().forEach(source -> locations.add(source.uri()));
    locations.add(outputUri(run));
    locations.add(reference.orElse(null));
    env.addAll(objectStorage.environment(spec.storage(), locations.toArray(String[]::new)));
    List<VolumeMount> mounts = new ArrayList<>(storage.mounts());
    mounts.add(
        new VolumeMountBuilder().withName(SCRATCH_VOLUME).withMountPath(SCRATCH_PATH).build());
    List<Volume> volumes = new ArrayList<>(storage.volumes());
    volumes.add(
        new VolumeBuilder().withName(SCRATCH_VOLUME).withNewEmptyDir().endEmptyDir().build());

    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName(TrainingRunResources.jobName(run))
            .withNamespace(run.getMetadata().getNamespace())
            .withLabels(jobLabels)
            .withAnnotations(TrainingRunResources.annotations(run))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(run.getApiVersion())
                    .withKind(run.getKind())
                    .withName(run.getMetadata().getName())
                    .withUid(run.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(limits.backoffLimit() == null ? 0 : limits.backoffLimit())
            // Bad input (1) and refused data (2) fail the same way on every retry: stop at once.
            .withNewPodFailurePolicy()
            .addNewRule()
            .withAction("FailJob")
            .withNewOnExitCodes()
            .withContainerName(CONTAINER)
            .withOperator("In")
            .withValues(INPUT_REFUSED_EXIT_CODES)
            .endOnExitCodes()
            .endRule()
            .endPodFailurePolicy()
            .withActiveDeadlineSeconds(
                limits.activeDeadline() == null
                    ? null
                    : GoDuration.parse("spec.limits.activeDeadline", limits.activeDeadline())
                        .toSeconds())
            .withTtlSecondsAfterFinished(
                (int)
                    (limits.ttlAfterFinished() == null
                            ? config.ttlAfterFinished()
                            : GoDuration.parse(
                                "spec.limits.ttlAfterFinished", limits.ttlAfterFinished()))
                        .toSeconds())
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .withAnnotations(TrainingRunResources.annotations(run))
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .withAutomountServiceAccountToken(false)
            .withNodeSelector(spec.nodeSelector())
            .withTolerations(spec.tolerations())
            .withPriorityClassName(spec.priorityClassName())
            .withSecurityContext(RestrictedSecurity.pod(config.runAsUser()))
            .withContainers(trainerContainer(spec, env, mounts))
            .withVolumes(volumes)
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    return spec.isDistributed() ? DistributedWorkers.gang(run, job) : job;
  }

  /**
   * The Indexed Job of one rung of a search: completion index {@code i} trains {@code trials[i]},
   * which its pod finds in {@link TrainerEnvironment#TRIALS}. A failed trial fails its index only
   * ({@code backoffLimitPerIndex}), so the other trials go on; the Job itself fails once more
   * indexes failed than {@code allowedFailures}.
   *
   * @param trials the rung's trials, in completion-index order
   * @param allowedFailures trials of this rung that may still fail before the search fails
   */
  public Job buildTrials(
      TrainingRun run,
      Optional<String> reference,
      String name,
      List<Trial> trials,
      int allowedFailures) {
    Job single = build(run, reference);
    int retries = Optional.ofNullable(run.getSpec().limitsOrDefault().backoffLimit()).orElse(0);
    List<TrialAssignments.Assignment> assignments =
        trials.stream()
            .map(t -> new TrialAssignments.Assignment(t.index(), t.parameters()))
            .toList();
    Container trainer = single.getSpec().getTemplate().getSpec().getContainers().get(0);
    trainer
        .getEnv()
        .add(new EnvVar(TrainerEnvironment.TRIALS, TrialAssignments.encode(assignments), null));
    return new JobBuilder(single)
        .editMetadata()
        .withName(name)
        .endMetadata()
        .editSpec()
        .withCompletionMode("Indexed")
        .withCompletions(trials.size())
        .withParallelism(Math.min(run.getSpec().search().parallelismOrDefault(), trials.size()))
        // With per-index retries the Job-wide backoffLimit must stay unset (it then has no limit).
        .withBackoffLimit(null)
        .withBackoffLimitPerIndex(retries)
        .withMaxFailedIndexes(Math.min(allowedFailures, trials.size()))
        .withNewPodFailurePolicy()
        .addNewRule()
        .withAction("FailIndex")
        .withNewOnExitCodes()
        .withContainerName(CONTAINER)
        .withOperator("In")
        .withValues(INPUT_REFUSED_EXIT_CODES)
        .endOnExitCodes()
        .endRule()
        .endPodFailurePolicy()
        .endSpec()
        .build();
  }

  private Container trainerContainer(
      TrainingRunSpec spec, List<EnvVar> env, List<VolumeMount> mounts) {
    boolean builtIn = spec.image() == null;
    List<EnvVar> environment = new ArrayList<>(env);
    if (builtIn) {
      environment.add(new EnvVar(TrainerEnvironment.TRAINING_MARKER, TRAINING_MARKER, null));
    }
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(spec.image() == null ? config.trainerImage() : spec.image())
        .withCommand(spec.command())
        .withArgs(spec.args())
        .withEnv(environment)
        // Not ready while the built-in trainer validates its data: the run shows ValidatingData.
        .withReadinessProbe(builtIn ? validationDoneProbe() : null)
        .withResources(PodResources.of(spec.resourcesOrDefault()))
        .withVolumeMounts(mounts)
        .withTerminationMessagePath(TrainerEnvironment.DEFAULT_TERMINATION_LOG)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withSecurityContext(RestrictedSecurity.container())
        .build();
  }

  private static Probe validationDoneProbe() {
    return new ProbeBuilder()
        .withNewExec()
        .withCommand("test", "-e", TRAINING_MARKER)
        .endExec()
        .withPeriodSeconds(5)
        .withFailureThreshold(1)
        .build();
  }

  private List<EnvVar> contractEnvironment(TrainingRun run, StorageMounts storage) {
    TrainingRunSpec spec = run.getSpec();
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar(TrainerEnvironment.RUN, run.getMetadata().getName(), null));
    env.add(new EnvVar(TrainerEnvironment.MODEL, spec.model(), null));
    env.add(new EnvVar(TrainerEnvironment.DATASET_URI, storage.input(spec.dataset().uri()), null));
    if (!spec.dataset().sources().isEmpty()) {
      env.add(
          new EnvVar(
              TrainerEnvironment.DATASET_SOURCES,
              DatasetSources.toJson(
                  spec.dataset().sources().stream()
                      .map(s -> new DatasetSource(storage.input(s.uri()), s.version()))
                      .toList()),
              null));
    }
    if (spec.dataset().version() != null) {
      env.add(new EnvVar(TrainerEnvironment.DATASET_VERSION, spec.dataset().version(), null));
    }
    env.add(
        new EnvVar(
            TrainerEnvironment.HYPERPARAMETERS,
            toJson(new TreeMap<>(spec.hyperparameters())),
            null));
    env.add(new EnvVar(TrainerEnvironment.OUTPUT_URI, storage.output(outputUri(run)), null));
    DataValidation validation = spec.dataset().validation();
    if (validation != null) {
      env.add(new EnvVar(TrainerEnvironment.VALIDATION, toJson(validation), null));
    }
    return env;
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("API values always serialize", e);
    }
  }
}
