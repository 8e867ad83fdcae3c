package io.drover.operator.inferenceservice.retraining;

import java.util.Map;

/**
 * What the rollout serves, as the service's status records it.
 *
 * @param stable the ModelVersion serving users, null when none does yet
 * @param candidate the ModelVersion rolling out, null when no rollout runs
 * @param rolledBack versions whose rollout failed, with the reason and figure, by ModelVersion
 */
public record ServingState(String stable, String candidate, Map<String, String> rolledBack) {}
