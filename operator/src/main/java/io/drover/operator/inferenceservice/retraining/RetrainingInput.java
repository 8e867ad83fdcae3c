package io.drover.operator.inferenceservice.retraining;

import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RetrainingStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VersionMonitoring;
import io.drover.operator.api.inferenceservice.Monitoring;
import io.drover.operator.api.inferenceservice.Retraining;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a retraining decision depends on.
 *
 * @param spec spec.retraining, null when the service asks for none
 * @param monitoring spec.monitoring with its defaults
 * @param service the InferenceService's name, recorded in each trigger
 * @param generation the spec's metadata.generation: a new one closes the breaker
 * @param reset the value of the reset annotation, null when absent
 * @param before the state machine's state: status.retraining as persisted
 * @param stableReading the stable version's figures when they were read in this reconcile; the
 *     triggers judge each reading once
 * @param runs the service's retraining TrainingRuns, by name
 * @param versions the ModelVersions of the served model, by name
 * @param serving what the rollout serves now
 */
public record RetrainingInput(
    Retraining spec,
    Monitoring monitoring,
    String service,
    long generation,
    String reset,
    RetrainingStatus before,
    Optional<VersionMonitoring> stableReading,
    Map<String, RunObservation> runs,
    Map<String, RegisteredVersion> versions,
    ServingState serving,
    Instant now) {}
