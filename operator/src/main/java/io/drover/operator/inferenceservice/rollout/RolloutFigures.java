package io.drover.operator.inferenceservice.rollout;

import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantFigures;

/**
 * The figures an analysis judges: the candidate and the stable version over the same window, as the
 * router and the model servers reported them. A field is null when nobody reported it (a server
 * without monitoring reports no live accuracy).
 *
 * @param stable the baseline; null after a BlueGreen switch, when the new version is judged alone
 * @param unavailable why the router's figures could not be read, or null: the analysis is then
 *     Inconclusive, never a pass
 */
public record RolloutFigures(VariantFigures stable, VariantFigures candidate, String unavailable) {}
