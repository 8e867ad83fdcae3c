package io.drover.operator.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Optional;

/**
 * The pods of a Job, fresh from the API once the Job has finished. The Job and pod informers are
 * independent caches: the Job may be seen Complete before its pod's final status (with the
 * termination message the result is read from) has reached the pod cache.
 */
public final class FinishedJobs {

  public static final String COMPLETE = "Complete";
  public static final String FAILED = "Failed";

  private FinishedJobs() {}

  public static <P extends HasMetadata> List<Pod> pods(Job job, Context<P> context) {
    if (!isFinished(job)) {
      return context.getSecondaryResources(Pod.class).stream().toList();
    }
    return context
        .getClient()
        .pods()
        .inNamespace(job.getMetadata().getNamespace())
        .withLabel("job-name", job.getMetadata().getName())
        .list()
        .getItems();
  }

  public static boolean isFinished(Job job) {
    return condition(job, COMPLETE).isPresent() || condition(job, FAILED).isPresent();
  }

  /** The Job's condition of that type (Complete, Failed) when it is True. */
  public static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }
}
