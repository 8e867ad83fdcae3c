package io.drover.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.testing.DroverTestEnvironment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrainingJobBuilderTest {

  final TrainingJobBuilder builder =
      new TrainingJobBuilder(DroverTestEnvironment.trainingConfig("pvc://models/bundles"));

  static TrainingRun run(String yaml) {
    TrainingRun run =
        Serialization.unmarshal(
            """
            apiVersion: drover.io/v1alpha1
            kind: TrainingRun
            metadata: {name: iris-7, namespace: ml, uid: 0b5e-uid}
            spec:
            """
                + yaml.indent(2),
            TrainingRun.class);
    return run;
  }

  static final String GPU_RUN =
      """
      model: iris-classifier
      dataset: {uri: "pvc://datasets/tabular/iris.csv", version: "2024-05",
                validation: {requireNewData: true, onShift: Fail}}
      hyperparameters: {epochs: "50", hiddenLayers: "16,16"}
      resources: {cpu: "2", memory: 4Gi, gpus: 2, gpuResourceName: nvidia.com/mig-1g.10gb}
      nodeSelector: {gpu.type: a100}
      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
      priorityClassName: training-low
      queueName: team-a
      limits: {activeDeadline: 2h, backoffLimit: 2, ttlAfterFinished: 1h}
      """;

  @Test
  void jobIsOwnedByTheRunAndNamedAfterIt() {
    Job job = builder.build(run(GPU_RUN));

    assertThat(job.getMetadata().getName()).isEqualTo("iris-7-train");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("ml");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getKind()).isEqualTo("TrainingRun");
              assertThat(owner.getUid()).isEqualTo("0b5e-uid");
              assertThat(owner.getController()).isTrue();
            });
    assertThat(job.getMetadata().getLabels())
        .containsEntry("kueue.x-k8s.io/queue-name", "team-a")
        .containsEntry("drover.io/training-run", "iris-7")
        .doesNotContainKey("argocd.argoproj.io/instance");
  }

  @Test
  void veryLongRunNamesGiveValidDistinctJobNames() {
    String base = "a".repeat(70);
    TrainingRun first = run(GPU_RUN);
    first.getMetadata().setName(base + "-one");
    TrainingRun second = run(GPU_RUN);
    second.getMetadata().setName(base + "-two");

    String one = TrainingRunResources.jobName(first);
    assertThat(one).hasSizeLessThanOrEqualTo(63).endsWith("-train");
    assertThat(one).isNotEqualTo(TrainingRunResources.jobName(second));
    assertThat(one).isEqualTo(TrainingRunResources.jobName(first));
  }

  @Test
  void gpusAreRequestedAndLimitedOnTheConfiguredResource() {
    Container trainer = trainer(builder.build(run(GPU_RUN)));

    Quantity two = new Quantity("2");
    assertThat(trainer.getResources().getRequests())
        .containsEntry("nvidia.com/mig-1g.10gb", two)
        .containsEntry("cpu", new Quantity("2"))
        .containsEntry("memory", new Quantity("4Gi"));
    assertThat(trainer.getResources().getLimits())
        .containsEntry("nvidia.com/mig-1g.10gb", two)
        .containsEntry("memory", new Quantity("4Gi"))
        .doesNotContainKey("cpu");
  }

  @Test
  void defaultGpuResourceIsNvidia() {
    Container trainer =
        trainer(
            builder.build(
                run(
                    """
                    model: m
                    dataset: {uri: /data/iris.csv}
                    resources: {gpus: 1}
                    """)));

    assertThat(trainer.getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
  }

  @Test
  void builtInTrainerIsReadyOnlyOnceItsDataPassedValidation() {
    Container builtIn = trainer(builder.build(run("model: m\ndataset: {uri: /data/iris.csv}\n")));
    Container custom =
        trainer(
            builder.build(
                run("model: m\nimage: ghcr.io/acme/trainer:1\ndataset: {uri: /data/iris.csv}\n")));

    assertThat(builtIn.getReadinessProbe().getExec().getCommand())
        .containsExactly("test", "-e", "/tmp/drover-training-started");
    assertThat(builtIn.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("DROVER_TRAINING_MARKER");
              assertThat(e.getValue()).isEqualTo("/tmp/drover-training-started");
            });
    assertThat(custom.getReadinessProbe()).as("other trainers need not mark it").isNull();
  }

  @Test
  void cpuOnlyRunAsksForNoGpu() {
    Container trainer = trainer(builder.build(run("model: m\ndataset: {uri: /data/iris.csv}\n")));

    assertThat(trainer.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
    assertThat(trainer.getImage()).isEqualTo(DroverTestEnvironment.TRAINER_IMAGE);
  }

  @Test
  void schedulingFollowsTheRun() {
    PodSpec pod = builder.build(run(GPU_RUN)).getSpec().getTemplate().getSpec();

    assertThat(pod.getNodeSelector()).containsEntry("gpu.type", "a100");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
    assertThat(pod.getPriorityClassName()).isEqualTo("training-low");
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void limitsBecomeJobLimits() {
    Job job = builder.build(run(GPU_RUN));

    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(7200);
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
    assertThat(job.getSpec().getPodFailurePolicy().getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getAction()).isEqualTo("FailJob");
              assertThat(rule.getOnExitCodes().getValues())
                  .as("bad input and refused data are not retried")
                  .containsExactly(1, 2);
            });
  }

  @Test
  void podPassesTheRestrictedPodSecurityProfile() {
    PodSpec pod = builder.build(run(GPU_RUN)).getSpec().getTemplate().getSpec();
    Container trainer = pod.getContainers().get(0);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(trainer.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(trainer.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(trainer.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(trainer.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(trainer.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes())
        .anySatisfy(v -> assertThat(v.getEmptyDir()).as("scratch emptyDir").isNotNull());
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void trainerGetsTheContractEnvironmentWithPlainPaths() {
    Container trainer = trainer(builder.build(run(GPU_RUN)));
    Map<String, String> env =
        trainer.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));

    assertThat(env)
        .containsEntry("DROVER_RUN", "iris-7")
        .containsEntry("DROVER_MODEL", "iris-classifier")
        .containsEntry("DROVER_DATASET_URI", "/drover/volumes/datasets/tabular/iris.csv")
        .containsEntry("DROVER_DATASET_VERSION", "2024-05")
        .containsEntry("DROVER_HYPERPARAMETERS", "{\"epochs\":\"50\",\"hiddenLayers\":\"16,16\"}")
        .containsEntry("DROVER_OUTPUT_URI", "/drover/volumes/models/bundles/iris-classifier/iris-7")
        .containsEntry("DROVER_VALIDATION", "{\"requireNewData\":true,\"onShift\":\"Fail\"}")
        .doesNotContainKey("DROVER_TRIAL");
    assertThat(trainer.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    assertThat(trainer.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
  }

  @Test
  void productionBundleIsHandedOverAsTheValidationReference() {
    Job job =
        builder.build(
            run(GPU_RUN), java.util.Optional.of("pvc://models/bundles/iris-classifier/iris-3"));
    Map<String, String> env =
        trainer(job).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));

    assertThat(env)
        .containsEntry(
            "DROVER_REFERENCE_URI", "/drover/volumes/models/bundles/iris-classifier/iris-3");
  }

  @Test
  void pvcDatasetIsMountedReadOnlyAndOutputReadWrite() {
    Job job = builder.build(run(GPU_RUN));
    var volumes = job.getSpec().getTemplate().getSpec().getVolumes();
    var mounts = trainer(job).getVolumeMounts();

    assertThat(volumes)
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .extracting(Volume::getPersistentVolumeClaim)
        .extracting("claimName", "readOnly")
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("datasets", true),
            org.assertj.core.groups.Tuple.tuple("models", false));
    assertThat(mounts)
        .filteredOn(m -> m.getMountPath().startsWith("/drover/volumes/"))
        .extracting("mountPath", "readOnly")
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/drover/volumes/datasets", true),
            org.assertj.core.groups.Tuple.tuple("/drover/volumes/models", false));
  }

  @Test
  void sameClaimForDataAndOutputIsMountedOnceWritable() {
    Job job =
        builder.build(
            run(
                """
                model: m
                dataset: {uri: "pvc://shared/data/iris.csv"}
                output: {uri: "pvc://shared/models"}
                """));

    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .singleElement()
        .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getReadOnly()).isFalse());
  }

  @Test
  void objectStoreLocationsPassThroughUnmounted() {
    Job job =
        builder.build(
            run(
                """
                model: m
                dataset: {uri: "s3://bucket/iris.csv"}
                output: {uri: "s3://bucket/models/"}
                """));
    Map<String, String> env =
        trainer(job).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));

    assertThat(env)
        .containsEntry("DROVER_DATASET_URI", "s3://bucket/iris.csv")
        .containsEntry("DROVER_OUTPUT_URI", "s3://bucket/models/m/iris-7");
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .allSatisfy(v -> assertThat(v.getPersistentVolumeClaim()).isNull());
  }

  @Test
  void runWithoutAnyOutputLocationIsRefusedNamingTheField() {
    TrainingJobBuilder noDefault =
        new TrainingJobBuilder(DroverTestEnvironment.trainingConfig(null));

    assertThatThrownBy(() -> noDefault.build(run("model: m\ndataset: {uri: /d.csv}\n")))
        .isInstanceOf(InvalidRunException.class)
        .hasMessageContaining("spec.output.uri is required");
  }

  private static Container trainer(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }
}
