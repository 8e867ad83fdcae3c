package io.drover.operator.config;

import java.util.Optional;

/**
 * {@link StorageConfig} as plain values, for builders used without the configuration (no settings:
 * {@link #NONE}) and for tests.
 */
public record FixedStorageConfig(
    Optional<String> secretName,
    Optional<String> endpoint,
    boolean pathStyle,
    Optional<String> region,
    Cache cache)
    implements StorageConfig {

  /** No settings: containers reading s3:// rely on the AWS SDK's default chain. */
  public static final FixedStorageConfig NONE =
      new FixedStorageConfig(
          Optional.empty(),
          Optional.empty(),
          false,
          Optional.empty(),
          new FixedCache(Optional.empty(), Optional.empty(), "4Gi"));

  /** {@link StorageConfig.Cache} as plain values. */
  public record FixedCache(Optional<String> hostPath, Optional<String> claimName, String sizeLimit)
      implements StorageConfig.Cache {}
}
