package io.drover.operator.inferenceservice.rollout;

import io.drover.contract.serving.ModelMetadata;
import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingState;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.SmokeTestResult;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantFigures;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.Verdict;
import io.drover.operator.api.modelversion.Artifact.ModelFormat;
import io.drover.operator.inferenceservice.ServedVersion;
import io.drover.operator.inferenceservice.scaling.ScalingPlan;
import io.drover.operator.metrics.OperatorMetrics.ComputeSeconds;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives the pure rollout state machine the way the reconciler does: each step persists the decided
 * status into the service, which the next step starts from — so a "restart" is simply the next
 * step, and nothing but the status carries state.
 */
final class RolloutHarness {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  InferenceService service;
  Instant now = T0;
  RolloutDecision last;
  final Map<String, VariantHealth> health = new HashMap<>();
  boolean routerReady = true;
  ScalingStatus scaling;

  RolloutHarness(String spec) {
    service =
        Serialization.unmarshal(
            """
            apiVersion: drover.io/v1alpha1
            kind: InferenceService
            metadata: {name: iris, namespace: ml, uid: 0f6e0d7c, generation: 1}
            spec:
            """
                + spec.indent(2),
            InferenceService.class);
  }

  static ServedVersion version(int n) {
    return new ServedVersion(
        "iris-classifier-v" + n,
        n,
        "pvc://models/iris-classifier/run-" + n,
        "sha256:" + Integer.toString(n).repeat(64).substring(0, 64),
        ModelFormat.DroverMlp,
        0.93);
  }

  RolloutHarness ready(int version) {
    return ready(version, 1);
  }

  RolloutHarness ready(int version, int replicas) {
    health.put("iris-v" + version, new VariantHealth(replicas, Optional.empty(), ""));
    return this;
  }

  RolloutHarness broken(int version, String why) {
    health.put("iris-v" + version, new VariantHealth(0, Optional.of(why), "crashing"));
    return this;
  }

  RolloutHarness after(Duration duration) {
    now = now.plus(duration);
    return this;
  }

  RolloutDecision step(ServedVersion desired) {
    return step(desired, Optional.empty(), Optional.empty(), Optional.empty());
  }

  RolloutDecision step(ServedVersion desired, SmokeTestResult smoke) {
    return step(desired, Optional.of(smoke), Optional.empty(), Optional.empty());
  }

  RolloutDecision step(ServedVersion desired, RolloutFigures figures) {
    return step(desired, Optional.empty(), Optional.empty(), Optional.of(figures));
  }

  RolloutDecision step(
      ServedVersion desired,
      Optional<SmokeTestResult> smoke,
      Optional<StrategyEvidence> evidence,
      Optional<RolloutFigures> figures) {
    ServingObservation observed = new ServingObservation(health, routerReady);
    last =
        RolloutPlanner.plan(
            new RolloutInput(
                service,
                Optional.ofNullable(desired),
                observed,
                smoke,
                evidence,
                figures,
                new ScalingPlan(
                    scaling,
                    Optional.empty(),
                    new ComputeSeconds(0, 0, 0, 0),
                    Optional.empty(),
                    List.of()),
                now));
    service.setStatus(last.status());
    return last;
  }

  /** Runs the candidate up to its first traffic step: ready, smoke test passed. */
  RolloutHarness toFirstStep(ServedVersion candidate) {
    step(candidate);
    ready(candidate.version());
    step(candidate);
    step(candidate, passedSmokeTest());
    return this;
  }

  /** The scaling decision the next steps see: the stable version asleep, or not. */
  RolloutHarness scaling(ScalingState state, Integer version) {
    scaling =
        new ScalingStatus(
            state, version, state.name(), now.toString(), null, null, null, null, null, null, null);
    return this;
  }

  RolloutPlanner.Needs needs() {
    return RolloutPlanner.needs(service, new ServingObservation(health, routerReady), now);
  }

  InferenceServiceStatus status() {
    return service.getStatus();
  }

  Condition condition(String type) {
    return status().conditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  List<String> announced() {
    return last.announcements().stream().map(Announcement::reason).toList();
  }

  void bumpGeneration() {
    service.getMetadata().setGeneration(service.getMetadata().getGeneration() + 1);
  }

  static SmokeTestResult passedSmokeTest() {
    return new SmokeTestResult(
        T0.toString(),
        Verdict.Pass,
        "the bundle's held-out test rows",
        30,
        0.9333,
        0.9333,
        0,
        "accuracy 0.9333 on 30 rows");
  }

  static SmokeTestResult failedSmokeTest() {
    return new SmokeTestResult(
        T0.toString(),
        Verdict.Fail,
        "the bundle's held-out test rows",
        30,
        0.3,
        0.9333,
        0,
        "accuracy 0.3000 on 30 rows is 63.3 points below the recorded 0.9333 (at most 5.0)");
  }

  /** Router and server figures: requests, error percent and p99 of stable and candidate. */
  static RolloutFigures traffic(
      long stableRequests, double stableErrors, long candidateRequests, double candidateErrors) {
    return new RolloutFigures(
        new VariantFigures("iris-v1", 1, stableRequests, stableErrors, 5.0, null, null, null),
        new VariantFigures("iris-v2", 2, candidateRequests, candidateErrors, 5.0, null, null, null),
        null);
  }

  static RolloutFigures mirrored(long copies, double agreementPercent) {
    return new RolloutFigures(
        new VariantFigures("iris-v1", 1, copies, 0.0, 5.0, null, null, null),
        new VariantFigures("iris-v2", 2, copies, 0.0, 6.0, agreementPercent, null, null),
        null);
  }

  static ModelMetadata metadata(String architecture) {
    return new ModelMetadata(
        "iris",
        List.of(),
        "drover_mlp",
        List.of(new ModelMetadata.TensorMetadata("input-0", "FP32", List.of(-1L, 4L))),
        List.of(new ModelMetadata.TensorMetadata("label", "BYTES", List.of(-1L))),
        Map.of("format", "drover-mlp", "architecture", architecture));
  }
}
