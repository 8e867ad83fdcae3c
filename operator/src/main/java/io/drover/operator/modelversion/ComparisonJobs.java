package io.drover.operator.modelversion;

import io.drover.operator.api.modelversion.Comparison;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.kubernetes.FinishedJobs;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Finds a version's comparison Job and reads what it says. */
final class ComparisonJobs {

  static final String EVENT_SOURCE = "comparison-jobs";

  private ComparisonJobs() {}

  /**
   * The comparison Job, from the cache: the operator creates it through the cache, so a Job it
   * created a moment ago is there too.
   */
  static Optional<Job> find(ModelVersion version, Context<ModelVersion> context) {
    return context.getSecondaryResource(Job.class, EVENT_SOURCE);
  }

  /**
   * The comparison as the Job tells it now, or as status last recorded it. The Job is read against
   * the version it names, which may have left Production since.
   */
  static Comparison observe(
      ModelVersion version,
      Optional<ModelVersion> production,
      Optional<Job> job,
      Context<ModelVersion> context,
      Instant now) {
    Comparison recorded = version.getStatus() == null ? null : version.getStatus().comparison();
    if (job.isEmpty()) {
      return recorded;
    }
    String comparedWith = comparedWith(job.get());
    boolean recordedThisJob =
        recorded != null
            && recorded.completionTime() != null
            && Objects.equals(recorded.productionVersion(), comparedWith);
    if (recordedThisJob) {
      return recorded;
    }
    Optional<ModelVersion> against =
        production
            .filter(p -> p.getMetadata().getName().equals(comparedWith))
            .or(
                () ->
                    Optional.ofNullable(comparedWith)
                        .flatMap(
                            name ->
                                context
                                    .getPrimaryCache()
                                    .get(
                                        new ResourceID(
                                            name, version.getMetadata().getNamespace()))));
    if (against.isEmpty()) {
      return recorded;
    }
    return ComparisonProgress.observe(
        version, against.get(), job.get(), FinishedJobs.pods(job.get(), context), now);
  }

  private static String comparedWith(Job job) {
    var annotations = job.getMetadata().getAnnotations();
    return annotations == null
        ? null
        : annotations.get(ComparisonJobBuilder.COMPARED_WITH_ANNOTATION);
  }
}
