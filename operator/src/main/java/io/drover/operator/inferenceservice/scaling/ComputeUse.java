package io.drover.operator.inferenceservice.scaling;

/**
 * The replicas that ran since the cost was last counted, and what each requests.
 *
 * @param replicas replicas wanted over all versions (stable, candidate, kept previous)
 * @param replicasAwake replicas the stable runs when it is not scaled down: what scaling down saves
 * @param gpusPerReplica GPUs each replica requests
 * @param cpusPerReplica CPU cores each replica requests
 */
public record ComputeUse(
    int replicas, int replicasAwake, int gpusPerReplica, double cpusPerReplica) {}
