package io.drover.operator.inferenceservice.rollout;

import io.drover.contract.serving.ModelMetadata;
import java.util.Optional;

/**
 * What the Auto strategy compares: both versions' model metadata, as their servers describe them.
 *
 * @param unavailable why the metadata could not be read, when one is empty
 */
public record StrategyEvidence(
    Optional<ModelMetadata> stable, Optional<ModelMetadata> candidate, String unavailable) {}
