package io.drover.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** An older operator must keep reading objects written against a newer CRD. */
class ApiToleranceTest {

  @Test
  void trainingRunWithFieldsFromANewerVersionStillReads() {
    TrainingRun run =
        Serialization.unmarshal(
            """
            apiVersion: drover.io/v1alpha1
            kind: TrainingRun
            metadata: {name: iris-1, namespace: ml}
            spec:
              model: iris-classifier
              futureField: {nested: true}
              dataset: {uri: "pvc://datasets/iris.csv", checksumPolicy: Strict}
              resources: {cpu: 2, memory: 4Gi, gpus: 1, gpuFlavor: h100}
              limits: {pendingTimeout: 5m, preemptible: true}
            status:
              phase: Running
              newStatusBlock: {x: 1}
              conditions:
                - {type: Ready, status: "False", reason: Running, lastTransitionTime: "2026-01-01T00:00:00Z"}
            """,
            TrainingRun.class);

    assertThat(run.getSpec().model()).isEqualTo("iris-classifier");
    assertThat(run.getSpec().dataset().uri()).isEqualTo("pvc://datasets/iris.csv");
    assertThat(run.getSpec().resources().cpu().toString()).isEqualTo("2");
    assertThat(run.getSpec().resources().gpuCount()).isEqualTo(1);
    assertThat(run.getSpec().limits().pendingTimeout()).isEqualTo("5m");
    assertThat(run.getStatus().phase()).isEqualTo(TrainingPhase.Running);
  }

  @Test
  void modelVersionAndInferenceServiceWithUnknownFieldsStillRead() {
    ModelVersion version =
        Serialization.unmarshal(
            """
            apiVersion: drover.io/v1alpha1
            kind: ModelVersion
            metadata: {name: iris-classifier-v3}
            spec:
              model: iris-classifier
              version: 3
              signature: {alg: cosign}
              artifact: {uri: "s3://models/iris/3", format: Onnx, sizeBytes: 12}
              stage: Staging
            """,
            ModelVersion.class);
    InferenceService service =
        Serialization.unmarshal(
            """
            apiVersion: drover.io/v1alpha1
            kind: InferenceService
            metadata: {name: iris}
            spec:
              model: {name: iris-classifier, stage: Production, pinPolicy: none}
              rollout: {strategy: Canary, steps: [{weight: 10, pause: 5m, gate: manual}]}
              scaling: {minReplicas: 0, burst: 3}
            """,
            InferenceService.class);

    assertThat(version.getSpec().version()).isEqualTo(3);
    assertThat(version.getSpec().artifact().uri()).isEqualTo("s3://models/iris/3");
    assertThat(service.getSpec().rollout().steps())
        .singleElement()
        .extracting("weight")
        .isEqualTo(10);
    assertThat(service.getSpec().scaling().minReplicas()).isZero();
  }
}
