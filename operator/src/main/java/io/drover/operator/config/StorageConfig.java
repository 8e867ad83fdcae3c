package io.drover.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Operator-wide access to object storage ({@code s3://} locations), set by the platform engineer at
 * install time (the chart's {@code storage.*} values). Every container the operator starts that
 * reads or writes an {@code s3://} location gets these as the environment of {@code
 * io.drover.contract.StorageEnvironment}; containers that use only volumes get none of it.
 */
@ConfigMapping(prefix = "drover.storage")
public interface StorageConfig {

  /**
   * A Secret, in the namespace of each TrainingRun, ModelVersion and InferenceService, with keys
   * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} (and optionally {@code
   * AWS_SESSION_TOKEN}). Unset: the containers use the AWS SDK's default chain (IRSA / pod
   * identity, instance roles).
   */
  Optional<String> secretName();

  /** Endpoint of an S3-compatible store (MinIO, Ceph RGW, R2); AWS S3 when unset. */
  Optional<String> endpoint();

  /**
   * Path-style bucket addressing ({@code <endpoint>/<bucket>/<key>}), which MinIO and Ceph need.
   */
  @WithDefault("false")
  boolean pathStyle();

  /** The buckets' region; the containers assume us-east-1 when unset. */
  Optional<String> region();

  /** The model servers' cache of fetched bundles. */
  Cache cache();

  /** Where model servers keep the bundles they fetch from object storage. */
  interface Cache {
    /**
     * A directory on each node, mounted as a hostPath volume, so a server woken from zero on a node
     * that served the same version before downloads nothing. Pod Security's baseline and restricted
     * profiles forbid hostPath: set it only where the serving namespace allows it, and make the
     * directory writable by the server's user. Unset: {@link #claimName()} or an emptyDir.
     */
    Optional<String> hostPath();

    /**
     * A PersistentVolumeClaim (in the service's namespace) to keep the cache on instead, e.g. a
     * ReadWriteMany claim shared by the servers. Ignored when {@link #hostPath()} is set.
     */
    Optional<String> claimName();

    /**
     * Size limit of the emptyDir used when neither is set (a Kubernetes quantity); the bundle then
     * survives container restarts but not the pod.
     */
    @WithDefault("4Gi")
    String sizeLimit();
  }
}
