package io.drover.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.testing.DroverTestEnvironment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Job, environment and Service of a run trained on several workers. */
class DistributedWorkersTest {

  final TrainingJobBuilder builder =
      new TrainingJobBuilder(DroverTestEnvironment.trainingConfig("pvc://models"));

  static final String RUN =
      """
      model: iris-classifier
      image: ghcr.io/example/torchrun-trainer:1.0
      dataset: {uri: "pvc://datasets/iris.csv"}
      workers: 4
      resources: {gpus: 8}
      """;

  @Test
  void oneIndexedJobStartsEveryWorkerAtOnceUnderTheHeadlessService() {
    TrainingRun run = TrainingJobBuilderTest.run(RUN);
    Job job = builder.build(run);

    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getSpec().getCompletions()).isEqualTo(4);
    assertThat(job.getSpec().getParallelism()).isEqualTo(4);
    assertThat(job.getSpec().getSuspend()).as("no queue: not suspended").isNull();
    assertThat(job.getSpec().getTemplate().getSpec().getSubdomain()).isEqualTo("iris-7-train");

    Container trainer = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, EnvVar> env =
        trainer.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("MASTER_ADDR").getValue()).isEqualTo("iris-7-train-0.iris-7-train");
    assertThat(env.get("MASTER_PORT").getValue()).isEqualTo("29500");
    assertThat(env.get("WORLD_SIZE").getValue()).isEqualTo("4");
    assertThat(env.get("LOCAL_RANK").getValue()).isEqualTo("0");
    assertThat(env.get("RANK").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    assertThat(env).containsKeys("DROVER_RUN", "DROVER_DATASET_URI", "DROVER_OUTPUT_URI");
    assertThat(trainer.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(29500));
    assertThat(trainer.getResources().getLimits().get("nvidia.com/gpu").getAmount())
        .as("GPUs are per worker")
        .isEqualTo("8");

    Service service = DistributedWorkers.service(run);
    assertThat(service.getMetadata().getName()).isEqualTo("iris-7-train");
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(service.getSpec().getSelector())
        .as("selects the Job's pods by their template labels")
        .isEqualTo(
            Map.of(
                "drover.io/training-run", "iris-7",
                "app.kubernetes.io/component", "trainer"));
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("0b5e-uid"));
  }

  @Test
  void withAQueueTheGangIsCreatedSuspendedForKueueToAdmitWhole() {
    Job job = builder.build(TrainingJobBuilderTest.run(RUN + "queueName: team-a\n"));

    assertThat(job.getSpec().getSuspend()).isTrue();
    assertThat(job.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "team-a");
  }

  @Test
  void aSingleWorkerRunKeepsItsPlainJob() {
    Job job = builder.build(TrainingJobBuilderTest.run(RUN.replace("workers: 4", "workers: 1")));

    assertThat(job.getSpec().getCompletionMode()).isNull();
    assertThat(job.getSpec().getTemplate().getSpec().getSubdomain()).isNull();
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("MASTER_ADDR", "RANK");
  }
}
