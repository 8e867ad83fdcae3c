package io.drover.benchmarks.operator;

/**
 * The objects the benchmark applies, minimal but valid under the CRDs' schemas (as in
 * manifests/examples): TrainingRuns, ModelVersions of many models with version 1 of each in
 * Production, InferenceServices tracking a model's Production version, and the baseline's plain Job
 * and Deployment.
 */
final class BenchObjects {

  private BenchObjects() {}

  static String model(int index) {
    return "bench-m%04d".formatted(index);
  }

  static String trainingRun(String namespace, String name) {
    return """
        apiVersion: drover.io/v1alpha1
        kind: TrainingRun
        metadata:
          name: %s
          namespace: %s
        spec:
          model: bench-trained
          dataset:
            uri: pvc://datasets/iris.csv
          hyperparameters:
            labelColumn: species
          resources:
            cpu: "1"
            memory: 1Gi
          output:
            uri: pvc://drover-models
        """
        .formatted(name, namespace);
  }

  /** Version 1 of each model asks for Production: the first one, so no comparison Job runs. */
  static String modelVersion(String namespace, String model, int version) {
    return """
        apiVersion: drover.io/v1alpha1
        kind: ModelVersion
        metadata:
          name: %s-v%d
          namespace: %s
        spec:
          model: %s
          version: %d
          artifact:
            uri: pvc://drover-models/%s/%d
            format: DroverMlp
          metrics:
            accuracy: 0.95
        %s"""
        .formatted(
            model,
            version,
            namespace,
            model,
            version,
            model,
            version,
            version == 1 ? "  stage: Production\n" : "");
  }

  static String inferenceService(String namespace, String name, String model) {
    return """
        apiVersion: drover.io/v1alpha1
        kind: InferenceService
        metadata:
          name: %s
          namespace: %s
        spec:
          model:
            name: %s
            stage: Production
          runtime:
            resources:
              cpu: 250m
              memory: 512Mi
        """
        .formatted(name, namespace, model);
  }

  static String job(String namespace, String name) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          namespace: %s
          labels:
            bench.drover.io/baseline: "true"
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: trainer
                  image: ghcr.io/drover-dev/drover-trainer:0.1.0
        """
        .formatted(name, namespace);
  }

  static String deployment(String namespace, String name) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          namespace: %s
          labels:
            bench.drover.io/baseline: "true"
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: %s
          template:
            metadata:
              labels:
                app: %s
            spec:
              containers:
                - name: server
                  image: ghcr.io/drover-dev/drover-serving:0.1.0
        """
        .formatted(name, namespace, name, name);
  }
}
