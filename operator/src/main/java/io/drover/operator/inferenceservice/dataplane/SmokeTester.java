package io.drover.operator.inferenceservice.dataplane;

import io.drover.contract.serving.ModelMetadata;
import io.drover.contract.serving.TestRows;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.SmokeTestResult;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.Verdict;
import io.drover.operator.api.inferenceservice.SmokeTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The test a new version passes before it gets traffic: known rows sent through the Open Inference
 * Protocol, as a client would send them, and the share answered correctly compared with the
 * accuracy the registry recorded. A version that answers errors, or whose accuracy drops beyond the
 * tolerance, never gets traffic.
 */
public final class SmokeTester {

  /** Rows sent per request: well below any server's batch limit. */
  static final int BATCH = 256;

  /** Rows asked for, at most. */
  static final int MAX_ROWS = 1024;

  private final DataPlane dataPlane;

  public SmokeTester(DataPlane dataPlane) {
    this.dataPlane = dataPlane;
  }

  /**
   * @param samples rows from spec.rollout.smokeTest.samplesConfigMap, when it names one
   * @param expectedAccuracy the registry's test accuracy of the version, null if none
   */
  public SmokeTestResult run(
      String pod,
      String model,
      SmokeTest settings,
      Optional<TestRows> samples,
      Double expectedAccuracy,
      Instant now) {
    ModelMetadata metadata;
    try {
      metadata = dataPlane.metadata(pod, model);
    } catch (DataPlaneException e) {
      return result(now, Verdict.Fail, "none", 0, null, expectedAccuracy, 1, e.getMessage());
    }
    Optional<TestRows> rows;
    String source;
    try {
      rows = samples.isPresent() ? samples : dataPlane.testRows(pod, model, MAX_ROWS);
      source =
          samples.isPresent()
              ? "ConfigMap " + settings.samplesConfigMap()
              : "the bundle's held-out test rows";
    } catch (DataPlaneException e) {
      return result(now, Verdict.Fail, "none", 0, null, expectedAccuracy, 1, e.getMessage());
    }
    if (rows.isEmpty() || rows.get().rows().isEmpty()) {
      return result(
          now,
          Verdict.Pass,
          "readiness and metadata only",
          0,
          null,
          expectedAccuracy,
          0,
          "the model is ready and describes itself (%s); the server offers no test rows and"
                  .formatted(metadata.platform())
              + " spec.rollout.smokeTest.samplesConfigMap names none, so no answers were checked");
    }
    return score(pod, model, settings, rows.get(), source, expectedAccuracy, now);
  }

  private SmokeTestResult score(
      String pod,
      String model,
      SmokeTest settings,
      TestRows rows,
      String source,
      Double expectedAccuracy,
      Instant now) {
    int correct = 0;
    int errors = 0;
    String firstError = null;
    List<List<Double>> all = rows.rows();
    for (int from = 0; from < all.size(); from += BATCH) {
      List<List<Double>> batch = all.subList(from, Math.min(all.size(), from + BATCH));
      try {
        List<String> predicted = dataPlane.predict(pod, model, batch);
        if (predicted.size() != batch.size()) {
          throw new DataPlaneException(
              "%d rows sent, %d labels answered".formatted(batch.size(), predicted.size()));
        }
        for (int i = 0; i < batch.size(); i++) {
          if (predicted.get(i).equals(rows.labels().get(from + i))) {
            correct++;
          }
        }
      } catch (DataPlaneException e) {
        errors++;
        firstError = firstError == null ? e.getMessage() : firstError;
      }
    }
    int sent = all.size();
    if (errors > 0) {
      return result(
          now,
          Verdict.Fail,
          source,
          sent,
          null,
          expectedAccuracy,
          errors,
          "%d of %d requests failed: %s".formatted(errors, (sent + BATCH - 1) / BATCH, firstError));
    }
    double accuracy = (double) correct / sent;
    if (expectedAccuracy == null) {
      return result(
          now,
          Verdict.Pass,
          source,
          sent,
          accuracy,
          null,
          0,
          "accuracy %.4f on %d rows from %s; the registry recorded no accuracy to compare with"
              .formatted(accuracy, sent, source));
    }
    double drop = (expectedAccuracy - accuracy) * 100;
    double allowed = settings.maxAccuracyDropPercentOrDefault();
    boolean pass = drop <= allowed;
    return result(
        now,
        pass ? Verdict.Pass : Verdict.Fail,
        source,
        sent,
        accuracy,
        expectedAccuracy,
        0,
        pass
            ? "accuracy %.4f on %d rows from %s (recorded %.4f)"
                .formatted(accuracy, sent, source, expectedAccuracy)
            : "accuracy %.4f on %d rows from %s is %.1f points below the recorded %.4f (at most %s)"
                .formatted(accuracy, sent, source, drop, expectedAccuracy, allowed));
  }

  private static SmokeTestResult result(
      Instant now,
      Verdict verdict,
      String source,
      int rows,
      Double accuracy,
      Double expected,
      int errors,
      String message) {
    return new SmokeTestResult(
        now.toString(),
        verdict,
        source,
        rows,
        accuracy == null ? null : Math.round(accuracy * 10_000) / 10_000.0,
        expected,
        errors,
        message);
  }
}
