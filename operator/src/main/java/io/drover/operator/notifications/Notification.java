package io.drover.operator.notifications;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON body POSTed to the notification webhook.
 *
 * @param event the registry's ValidationFailed, Rejected, Staging or Production; a rollout's
 *     Promoted, RolledBack, SmokeTestFailed, CandidateNotReady or ArtifactUnsupported
 * @param kind the Drover kind concerned (TrainingRun, ModelVersion, InferenceService)
 * @param namespace its namespace
 * @param name its name
 * @param model the registry name of the model
 * @param version the version number: a ModelVersion's, or the version an InferenceService serves
 * @param message what happened, in a sentence
 * @param time when the operator saw it (RFC 3339)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notification(
    String event,
    String kind,
    String namespace,
    String name,
    String model,
    Integer version,
    String message,
    String time) {}
