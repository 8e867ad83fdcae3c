package io.drover.operator.inferenceservice;

import io.drover.contract.serving.WakeRequest;
import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.Retraining;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * The updates of an InferenceService that call for a reconcile: a new generation (the spec
 * changed), the router's wake-up request or a person's reset of the retraining breaker
 * (annotations, so no new generation), or deletion. Status-only writes — the operator's own — do
 * not.
 */
public final class ServiceChanges implements OnUpdateFilter<InferenceService> {

  @Override
  public boolean accept(InferenceService updated, InferenceService old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(
            annotation(updated, WakeRequest.ANNOTATION), annotation(old, WakeRequest.ANNOTATION))
        || !Objects.equals(
            annotation(updated, Retraining.RESET_ANNOTATION),
            annotation(old, Retraining.RESET_ANNOTATION))
        || updated.isMarkedForDeletion();
  }

  private static String annotation(InferenceService service, String name) {
    Map<String, String> annotations = service.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(name);
  }
}
