package io.drover.operator.inferenceservice.scaling;

import io.drover.contract.serving.WakeRequest;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingStatus;
import io.drover.operator.api.inferenceservice.Scaling;
import io.drover.operator.inferenceservice.rollout.VariantHealth;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything a scaling decision depends on.
 *
 * @param spec spec.scaling
 * @param before the scaling status so far (the state machine's state), null at first
 * @param stableVersion the stable version the state is about, null before one is served
 * @param stableVariant its variant name (the router's name for it), null with it
 * @param stableHealth what its Deployment and pods show
 * @param rolloutInProgress whether a candidate is being rolled out: the stable is then never scaled
 *     to zero, and a closing window waits for the rollout to end
 * @param lastRequest the router's last request to the stable, if it was read and saw one
 * @param wake the router's last wake-up request, if any
 * @param compute what ran since the cost was last counted
 * @param autoscaler the autoscaler that can be had
 */
public record ScalingInput(
    Scaling spec,
    ScalingStatus before,
    Integer stableVersion,
    String stableVariant,
    VariantHealth stableHealth,
    boolean rolloutInProgress,
    Optional<Instant> lastRequest,
    Optional<WakeRequest> wake,
    ComputeUse compute,
    AutoscalerChoice autoscaler,
    Instant now) {}
