package io.drover.operator.trainingrun;

import io.drover.contract.TrainerEnvironment;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;

/**
 * The shape of a distributed run (spec.workers above 1): one Indexed Job whose N pods start
 * together (completions = parallelism = N), a headless Service that gives each pod the DNS name
 * {@code <job>-<rank>.<service>}, and the environment a torchrun-style image expects. Pure.
 */
final class DistributedWorkers {

  static final String PORT_NAME = "rendezvous";

  private DistributedWorkers() {}

  /** The single-pod Job {@code job} of the run, made the run's gang of workers. */
  static Job gang(TrainingRun run, Job job) {
    int workers = run.getSpec().workersOrDefault();
    String service = TrainingRunResources.workersServiceName(run);
    String master = job.getMetadata().getName() + "-0." + service;
    Container trainer = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    trainer.getEnv().addAll(environment(master, workers));
    trainer.setPorts(
        List.of(
            new ContainerPortBuilder()
                .withName(PORT_NAME)
                .withContainerPort(TrainerEnvironment.DEFAULT_MASTER_PORT)
                .build()));
    return new JobBuilder(job)
        .editSpec()
        .withCompletionMode("Indexed")
        .withCompletions(workers)
        .withParallelism(workers)
        // Kueue admits the whole Job at once; created suspended so no pod starts before that.
        .withSuspend(run.getSpec().queueName() != null ? Boolean.TRUE : job.getSpec().getSuspend())
        .editTemplate()
        .editSpec()
        .withSubdomain(service)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** Drover's torchrun variables; RANK comes from the pod's own completion index. */
  static List<EnvVar> environment(String master, int workers) {
    return List.of(
        new EnvVar(TrainerEnvironment.MASTER_ADDR, master, null),
        new EnvVar(
            TrainerEnvironment.MASTER_PORT,
            Integer.toString(TrainerEnvironment.DEFAULT_MASTER_PORT),
            null),
        new EnvVar(TrainerEnvironment.WORLD_SIZE, Integer.toString(workers), null),
        new EnvVarBuilder()
            .withName(TrainerEnvironment.RANK)
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath(
                "metadata.annotations['" + TrainerEnvironment.COMPLETION_INDEX_ANNOTATION + "']")
            .endFieldRef()
            .endValueFrom()
            .build(),
        new EnvVar(TrainerEnvironment.LOCAL_RANK, "0", null));
  }

  /**
   * The headless Service of the run's workers: no cluster IP, every pod's address published even
   * before it is ready (the workers meet while starting), owned by the run.
   */
  static Service service(TrainingRun run) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(TrainingRunResources.workersServiceName(run))
        .withNamespace(run.getMetadata().getNamespace())
        .withLabels(TrainingRunResources.labels(run))
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
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(selector(run))
        .addNewPort()
        .withName(PORT_NAME)
        .withPort(TrainerEnvironment.DEFAULT_MASTER_PORT)
        .withNewTargetPort(TrainerEnvironment.DEFAULT_MASTER_PORT)
        .endPort()
        .endSpec()
        .build();
  }

  /** The run's trainer pods (every pod template carries these labels). */
  private static Map<String, String> selector(TrainingRun run) {
    Map<String, String> labels = TrainingRunResources.labels(run);
    return Map.of(
        TrainingRunResources.RUN_LABEL,
        labels.get(TrainingRunResources.RUN_LABEL),
        io.drover.operator.kubernetes.DroverLabels.COMPONENT_LABEL,
        labels.get(io.drover.operator.kubernetes.DroverLabels.COMPONENT_LABEL));
  }
}
