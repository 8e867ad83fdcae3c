package io.drover.operator.inferenceservice.rollout;

import io.drover.operator.api.inferenceservice.InferenceServiceSpec;

/**
 * How many model-server replicas a rollout may run: the stable version's size, and a limit of
 * {@code scaling.maxReplicas + rollout.maxSurge} over all versions together, so a rollout never
 * asks for more GPUs than that. With no surge the candidate grows only as the stable version
 * shrinks.
 *
 * @param size replicas the stable version runs outside a rollout
 * @param limit replicas all versions may run together
 */
public record ReplicaBudget(int size, int limit) {

  public static ReplicaBudget of(InferenceServiceSpec spec) {
    var scaling = spec.scalingOrDefault();
    int max = scaling.maxReplicasOrDefault();
    int size = Math.min(max, Math.max(1, scaling.minReplicasOrDefault()));
    return new ReplicaBudget(size, max + spec.rolloutOrDefault().maxSurgeOrDefault());
  }

  /** Replicas for a version that wants {@code wanted}, within the limit. */
  public int capped(int wanted) {
    return Math.max(0, Math.min(wanted, limit));
  }

  /** Replicas left for another version once {@code taken} are given away, at most its size. */
  public int beside(int taken) {
    return Math.max(0, Math.min(size, limit - taken));
  }

  /** Replicas for a share (percent) of the traffic: at least one. */
  public int forShare(int percent) {
    return Math.max(1, (int) Math.ceil(size * percent / 100.0));
  }
}
