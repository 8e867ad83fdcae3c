package io.drover.operator.trainingrun;

import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.kubernetes.DroverLabels;
import io.drover.operator.kubernetes.ObjectNames;
import java.util.Map;

/** Names and labels of the objects a TrainingRun owns, derived from the run alone. */
public final class TrainingRunResources {

  public static final String RUN_LABEL = DroverLabels.TRAINING_RUN_LABEL;
  public static final String KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";

  private static final String JOB_SUFFIX = "-train";

  private TrainingRunResources() {}

  /**
   * The run's Job name: the same on every reconcile and after any restart, so the operator never
   * creates a second Job for one run.
   */
  public static String jobName(TrainingRun run) {
    return ObjectNames.bounded(run.getMetadata().getName(), JOB_SUFFIX);
  }

  /** The Indexed Job of rung {@code rung} of the run's hyperparameter search. */
  public static String trialsJobName(TrainingRun run, int rung) {
    return ObjectNames.bounded(run.getMetadata().getName(), "-trials-" + rung);
  }

  /**
   * The headless Service through which a distributed run's workers find each other: named like the
   * Job, so rank 0 is {@code <job>-0.<job>}.
   */
  public static String workersServiceName(TrainingRun run) {
    return jobName(run);
  }

  /** Names the owning run in full on its Job and pods, for mapping events back to it. */
  public static Map<String, String> annotations(TrainingRun run) {
    return Map.of(RUN_LABEL, run.getMetadata().getName());
  }

  public static Map<String, String> labels(TrainingRun run) {
    return Map.of(
        RUN_LABEL,
        DroverLabels.trainingRunLabelValue(run.getMetadata().getName()),
        DroverLabels.MODEL_LABEL,
        run.getSpec().model(),
        DroverLabels.MANAGED_BY_LABEL,
        DroverLabels.MANAGED_BY,
        DroverLabels.COMPONENT_LABEL,
        "trainer");
  }
}
