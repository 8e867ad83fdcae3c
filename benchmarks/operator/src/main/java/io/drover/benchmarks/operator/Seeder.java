package io.drover.benchmarks.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Creates the existing world, many objects at a time, failing on the first refusal. */
final class Seeder {

  private final KubernetesClient client;
  private final String namespace;

  Seeder(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /**
   * @param versionsPerModel ModelVersions of each of the {@code models} models
   */
  void seed(int trainingRuns, int services, int models, int versionsPerModel) throws Exception {
    List<String> objects = new ArrayList<>();
    for (int m = 0; m < models; m++) {
      for (int v = 1; v <= versionsPerModel; v++) {
        objects.add(BenchObjects.modelVersion(namespace, BenchObjects.model(m), v));
      }
    }
    for (int i = 0; i < trainingRuns; i++) {
      objects.add(BenchObjects.trainingRun(namespace, "seed-run-%04d".formatted(i)));
    }
    for (int i = 0; i < services; i++) {
      objects.add(
          BenchObjects.inferenceService(
              namespace, "seed-svc-%04d".formatted(i), BenchObjects.model(i % models)));
    }
    createAll(objects);
  }

  void createAll(List<String> objects) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String yaml : objects) {
        done.add(pool.submit(() -> create(yaml)));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  void create(String yaml) {
    try {
      client.resource(yaml).create();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "the API refused a benchmark object (%d %s):%n%s"
              .formatted(e.getCode(), e.getMessage(), yaml),
          e);
    }
  }
}
