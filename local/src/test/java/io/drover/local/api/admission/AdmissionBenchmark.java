package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * What admission costs per write, for the API server's budget: median and p99 over a few thousand
 * admits of the canary InferenceService example, against a baseline measured in the same run
 * (parsing the same object's JSON, which the server does for every write anyway). Run it with
 * {@code java -cp local/target/classes:local/target/test-classes:<test classpath>
 * io.drover.local.api.admission.AdmissionBenchmark}.
 */
public final class AdmissionBenchmark {
  private static final int ROUNDS = 5;
  private static final int PER_ROUND = 2000;

  private AdmissionBenchmark() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    CrdAdmission services = DroverFiles.admission("inferenceservices.drover.io");
    System.out.printf(
        "first CRD compiled (cold JVM) in %.0f ms%n", (System.nanoTime() - start) / 1e6);
    start = System.nanoTime();
    DroverFiles.admission("trainingruns.drover.io");
    DroverFiles.admission("modelversions.drover.io");
    DroverFiles.admission("inferenceservices.drover.io");
    System.out.printf(
        "all three CRDs compiled again in %.0f ms%n", (System.nanoTime() - start) / 1e6);

    ObjectNode service =
        DroverFiles.read(
            DroverFiles.examples().stream()
                .filter(p -> p.toString().endsWith("canary-inferenceservice.yaml"))
                .findFirst()
                .orElseThrow());
    ObjectNode stored = services.admitCreate("v1alpha1", service, FieldValidation.STRICT).object();
    ObjectNode edited = stored.deepCopy();
    ((ObjectNode) edited.at("/spec/scaling")).put("maxReplicas", 6);
    ObjectNode status = stored.deepCopy();
    status
        .putObject("status")
        .put("url", "http://iris.default.svc")
        .putObject("rollout")
        .put("step", 1);
    byte[] json = new ObjectMapper().writeValueAsBytes(service);
    ObjectMapper mapper = new ObjectMapper();

    Stats parse =
        measure(
            () -> {
              try {
                return mapper.readTree(json);
              } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
              }
            });
    // one full pass over every path first, so that no path is measured colder than another
    measure(() -> services.admitCreate("v1alpha1", service, FieldValidation.STRICT));
    measure(
        () ->
            services.admitUpdate(
                "v1alpha1", stored, edited, FieldValidation.STRICT, Subresource.MAIN));
    Stats create = measure(() -> services.admitCreate("v1alpha1", service, FieldValidation.STRICT));
    Stats update =
        measure(
            () ->
                services.admitUpdate(
                    "v1alpha1", stored, edited, FieldValidation.STRICT, Subresource.MAIN));
    Stats statusUpdate =
        measure(
            () ->
                services.admitUpdate(
                    "v1alpha1", stored, status, FieldValidation.STRICT, Subresource.STATUS));
    System.out.printf("baseline: parse the object's JSON  %s%n", parse);
    System.out.printf(
        "admitCreate                      %s  (%.1fx baseline median)%n",
        create, create.median / parse.median);
    System.out.printf(
        "admitUpdate MAIN                 %s  (%.1fx)%n", update, update.median / parse.median);
    System.out.printf(
        "admitUpdate STATUS               %s  (%.1fx)%n",
        statusUpdate, statusUpdate.median / parse.median);
  }

  private record Stats(double median, double p99) {
    @Override
    public String toString() {
      return String.format("median %6.1f us, p99 %6.1f us", median, p99);
    }
  }

  /** Warms up, then times each call of the last rounds. */
  private static Stats measure(Supplier<?> work) {
    long[] samples = new long[PER_ROUND];
    Object sink = null;
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < PER_ROUND; i++) {
        long t0 = System.nanoTime();
        sink = work.get();
        samples[i] = System.nanoTime() - t0;
      }
    }
    if (sink == null) {
      throw new IllegalStateException("no result");
    }
    Arrays.sort(samples);
    return new Stats(samples[PER_ROUND / 2] / 1e3, samples[PER_ROUND * 99 / 100] / 1e3);
  }
}
