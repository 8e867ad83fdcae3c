package io.drover.operator.inferenceservice.retraining;

import io.drover.operator.api.common.Stage;

/**
 * A ModelVersion as the registry judged it.
 *
 * @param stage its effective stage, null before the registry looked at it
 * @param message the registry's sentence on the stage: why rejected, what it awaits
 */
public record RegisteredVersion(String name, Stage stage, String message) {}
