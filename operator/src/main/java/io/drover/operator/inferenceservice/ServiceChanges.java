package io.drover.operator.inferenceservice;

import io.drover.contract.serving.WakeRequest;
import io.drover.operator.api.inferenceservice.InferenceService;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * The updates of an InferenceService that call for a reconcile: a new generation (the spec
 * changed), the router's wake-up request (an annotation, so no new generation), or deletion.
 * Status-only writes — the operator's own — do not.
 */
public final class ServiceChanges implements OnUpdateFilter<InferenceService> {

  @Override
  public boolean accept(InferenceService updated, InferenceService old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(wake(updated), wake(old))
        || updated.isMarkedForDeletion();
  }

  private static String wake(InferenceService service) {
    Map<String, String> annotations = service.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(WakeRequest.ANNOTATION);
  }
}
