package io.drover.operator.inferenceservice.retraining;

import io.drover.operator.api.common.ObjectStorage;
import io.drover.operator.api.common.RetrainingTrigger;
import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RetrainingCycle;
import io.drover.operator.api.inferenceservice.Retraining;
import io.drover.operator.api.trainingrun.DatasetSource;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.api.trainingrun.TrainingRunSpec;
import io.drover.operator.kubernetes.DroverLabels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;

/**
 * The TrainingRun of a retraining cycle: the service's template, plus the feedback data set as a
 * further source when the service collects one, and the service's {@code spec.storage} when the
 * template names no Secret, with the trigger on its annotation. Owned by the service, so deleting
 * the service deletes its runs; the versions they registered stay (they carry no owner).
 */
public final class RetrainingRunBuilder {

  /** Names the service on its runs, as on every other child of the service. */
  private final String serviceAnnotation;

  public RetrainingRunBuilder(String serviceAnnotation) {
    this.serviceAnnotation = serviceAnnotation;
  }

  public TrainingRun build(InferenceService service, RetrainingCycle cycle) {
    Retraining retraining = service.getSpec().retraining();
    TrainingRunSpec spec = retraining.template();
    String feedback = service.getSpec().monitoringOrDefault().feedbackDataset();
    if (feedback != null && retraining.includesFeedback() && spec.dataset() != null) {
      spec = spec.withDataset(spec.dataset().withSource(new DatasetSource(feedback, "feedback")));
    }
    if (ObjectStorage.secretOf(spec.storage()) == null && service.getSpec().storage() != null) {
      // The run reads the feedback the servers wrote, and writes a bundle they will read.
      spec = spec.withStorage(service.getSpec().storage());
    }
    RetrainingTrigger trigger = cycle.trigger();
    TrainingRun run = new TrainingRun();
    run.setMetadata(
        new ObjectMetaBuilder()
            .withName(cycle.trainingRun())
            .withNamespace(service.getMetadata().getNamespace())
            .withLabels(
                Map.of(
                    DroverLabels.MODEL_LABEL,
                    spec.model(),
                    DroverLabels.MANAGED_BY_LABEL,
                    DroverLabels.MANAGED_BY,
                    DroverLabels.COMPONENT_LABEL,
                    "retraining"))
            .withAnnotations(
                Map.of(
                    serviceAnnotation,
                    service.getMetadata().getName(),
                    RetrainingTrigger.ANNOTATION,
                    trigger.toAnnotation()))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(service.getApiVersion())
                    .withKind(service.getKind())
                    .withName(service.getMetadata().getName())
                    .withUid(service.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .build());
    run.setSpec(spec);
    return run;
  }
}
