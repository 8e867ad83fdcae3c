package io.drover.operator.inferenceservice.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.common.ObjectStorage;
import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RetrainingCycle;
import io.drover.operator.api.trainingrun.DatasetSource;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/**
 * A retraining run reads the feedback the servers wrote to the bucket and writes a bundle they will
 * read: it gets the feedback prefix as a source and the service's credentials, unless its template
 * names its own.
 */
class RetrainingRunStorageTest {

  private final RetrainingRunBuilder builder = new RetrainingRunBuilder("drover.io/service");

  @Test
  void theRunTrainsOnTheS3FeedbackWithTheServicesSecret() {
    TrainingRun run = builder.build(service("", "storage: {secretName: serving-s3}"), cycle());

    assertThat(run.getSpec().dataset().sources())
        .containsExactly(new DatasetSource("s3://feedback/iris", "feedback"));
    assertThat(ObjectStorage.secretOf(run.getSpec().storage())).isEqualTo("serving-s3");
  }

  @Test
  void aTemplatesOwnSecretWins() {
    TrainingRun run =
        builder.build(
            service("storage: {secretName: training-s3}", "storage: {secretName: serving-s3}"),
            cycle());

    assertThat(ObjectStorage.secretOf(run.getSpec().storage())).isEqualTo("training-s3");
  }

  @Test
  void withNeitherTheRunNamesNoSecret() {
    assertThat(builder.build(service("", ""), cycle()).getSpec().storage()).isNull();
  }

  private static RetrainingCycle cycle() {
    return Serialization.unmarshal(
        """
        number: 1
        trainingRun: iris-retrain-1
        trigger: {inferenceService: iris, reason: Drift, figures: "psi 0.4", time: "2026-12-01T00:00:00Z"}
        """,
        RetrainingCycle.class);
  }

  private static InferenceService service(String templateStorage, String serviceStorage) {
    return Serialization.unmarshal(
        """
        apiVersion: drover.io/v1alpha1
        kind: InferenceService
        metadata: {name: iris, namespace: ml, uid: 1c-uid}
        spec:
          model: {name: iris-classifier, stage: Production}
          monitoring: {feedbackDataset: "s3://feedback/iris"}
          retraining:
            triggers: {onDrift: true}
            template:
              model: iris-classifier
              dataset: {uri: "s3://data/iris.csv"}
              %s
          %s
        """
            .formatted(templateStorage, serviceStorage),
        InferenceService.class);
  }
}
