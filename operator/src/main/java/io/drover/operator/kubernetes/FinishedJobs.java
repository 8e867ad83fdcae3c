package io.drover.operator.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
    List<Pod> pods =
        isFinished(job)
            ? context
                .getClient()
                .pods()
                .inNamespace(job.getMetadata().getNamespace())
                .withLabel("job-name", job.getMetadata().getName())
                .list()
                .getItems()
            : context.getSecondaryResources(Pod.class).stream().toList();
    return ownedBy(job, pods);
  }

  /**
   * Only this Job's pods: a Job deleted and created again under the same name may leave pods of the
   * earlier one behind for a while, with the same labels and results of their own.
   */
  static List<Pod> ownedBy(Job job, List<Pod> pods) {
    String uid = job.getMetadata().getUid();
    return pods.stream()
        .filter(
            pod ->
                pod.getMetadata().getOwnerReferences() != null
                    && pod.getMetadata().getOwnerReferences().stream()
                        .anyMatch(owner -> uid != null && uid.equals(owner.getUid())))
        .toList();
  }

  /**
   * Whether a failed Job failed because its pods did — retries used up ({@code
   * BackoffLimitExceeded}), a pod failure the Job's podFailurePolicy refuses to retry ({@code
   * PodFailurePolicy}), failed indexes of an indexed Job — rather than because of a limit on the
   * Job itself ({@code DeadlineExceeded}). Then the pod's own message says what went wrong.
   */
  public static boolean failedByItsPods(JobCondition failed) {
    String reason = failed.getReason();
    return reason == null || POD_FAILURE_REASONS.contains(reason);
  }

  private static final Set<String> POD_FAILURE_REASONS =
      Set.of(
          "BackoffLimitExceeded", "PodFailurePolicy", "FailedIndexes", "MaxFailedIndexesExceeded");

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
