package io.drover.operator.inferenceservice.rollout;

import io.drover.operator.api.inferenceservice.InferenceServiceStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The next state: the status to persist (before anything is applied: the serving objects follow
 * from it), what to announce, and when to look again.
 */
public record RolloutDecision(
    InferenceServiceStatus status,
    List<Announcement> announcements,
    Optional<Duration> requeueAfter) {}
