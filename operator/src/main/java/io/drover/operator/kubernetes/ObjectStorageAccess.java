package io.drover.operator.kubernetes;

import io.drover.contract.StorageEnvironment;
import io.drover.operator.api.common.ObjectStorage;
import io.drover.operator.config.FixedStorageConfig;
import io.drover.operator.config.StorageConfig;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a container needs to reach object storage: the environment of {@link StorageEnvironment}
 * from the operator's {@code drover.storage.*} settings (credentials as {@code secretKeyRef}s,
 * never copied values), and for model servers the bundle cache volume. Contributes nothing when no
 * location is {@code s3://}, so volume-only pods stay as they were.
 *
 * <p>The one place that decides which Secret a pod's credentials come from: the resource's own
 * {@code spec.storage.secretName} when it names one, else the operator's {@code
 * drover.storage.secret-name}, else none (the SDK's default chain).
 */
public final class ObjectStorageAccess {

  public static final String CACHE_VOLUME = "bundle-cache";
  public static final String CACHE_PATH = "/drover/bundle-cache";
  private static final String S3 = "s3://";

  private final StorageConfig config;

  public ObjectStorageAccess(StorageConfig config) {
    this.config = config;
  }

  /** No settings: s3:// containers get only what the SDK's default chain finds. */
  public static ObjectStorageAccess defaults() {
    return new ObjectStorageAccess(FixedStorageConfig.NONE);
  }

  public static boolean isObjectStore(String location) {
    return location != null && location.regionMatches(true, 0, S3, 0, S3.length());
  }

  /**
   * The storage environment, when any of the locations is in object storage; else none.
   *
   * @param own the resource's own storage settings ({@code spec.storage}), or {@code null}
   */
  public List<EnvVar> environment(ObjectStorage own, String... locations) {
    if (Arrays.stream(locations).noneMatch(ObjectStorageAccess::isObjectStore)) {
      return List.of();
    }
    List<EnvVar> env = new ArrayList<>();
    credentialsSecret(own)
        .ifPresent(
            secret -> {
              env.add(fromSecret(StorageEnvironment.ACCESS_KEY_ID, secret, false));
              env.add(fromSecret(StorageEnvironment.SECRET_ACCESS_KEY, secret, false));
              env.add(fromSecret(StorageEnvironment.SESSION_TOKEN, secret, true));
              env.add(new EnvVar(StorageEnvironment.CREDENTIALS_SECRET, secret, null));
            });
    config.endpoint().ifPresent(e -> env.add(new EnvVar(StorageEnvironment.ENDPOINT, e, null)));
    if (config.pathStyle()) {
      env.add(new EnvVar(StorageEnvironment.PATH_STYLE, "true", null));
    }
    config.region().ifPresent(r -> env.add(new EnvVar(StorageEnvironment.REGION, r, null)));
    return env;
  }

  /** The Secret the pods' static credentials come from, if any: the resource's own first. */
  public Optional<String> credentialsSecret(ObjectStorage own) {
    String secret = ObjectStorage.secretOf(own);
    return secret != null ? Optional.of(secret) : config.secretName().filter(s -> !s.isBlank());
  }

  /** The expected digest of a bundle a container reads, when the registry recorded one. */
  public static List<EnvVar> bundleDigest(String digest) {
    return digest == null
        ? List.of()
        : List.of(new EnvVar(StorageEnvironment.BUNDLE_DIGEST, digest, null));
  }

  /**
   * A model server's part: the storage environment (when the bundle or the feedback data set is in
   * object storage), and for a bundle there the digest and the cache directory on its volume;
   * nothing when both are on volumes.
   *
   * @param own the credentials the server uses: the service's {@code spec.storage}, else the served
   *     ModelVersion's (see {@link ObjectStorage#firstOf}), or {@code null}
   * @param feedback the feedback data set's location, or {@code null}
   */
  public ServerStorage modelServer(
      ObjectStorage own, String artifact, String digest, String feedback) {
    if (!isObjectStore(artifact)) {
      return new ServerStorage(environment(own, feedback), List.of(), List.of());
    }
    List<EnvVar> env = new ArrayList<>(environment(own, artifact));
    env.addAll(bundleDigest(digest));
    env.add(new EnvVar(StorageEnvironment.BUNDLE_CACHE, CACHE_PATH, null));
    VolumeBuilder volume = new VolumeBuilder().withName(CACHE_VOLUME);
    StorageConfig.Cache cache = config.cache();
    if (cache.hostPath().isPresent()) {
      volume
          .withNewHostPath()
          .withPath(cache.hostPath().get())
          .withType("DirectoryOrCreate")
          .endHostPath();
    } else if (cache.claimName().isPresent()) {
      volume.withNewPersistentVolumeClaim(cache.claimName().get(), false);
    } else {
      volume.withNewEmptyDir().withSizeLimit(new Quantity(cache.sizeLimit())).endEmptyDir();
    }
    VolumeMount mount =
        new VolumeMountBuilder().withName(CACHE_VOLUME).withMountPath(CACHE_PATH).build();
    return new ServerStorage(env, List.of(volume.build()), List.of(mount));
  }

  /** A model server's storage environment, cache volume and its mount. */
  public record ServerStorage(List<EnvVar> env, List<Volume> volumes, List<VolumeMount> mounts) {}

  private static EnvVar fromSecret(String key, String secret, boolean optional) {
    return new EnvVarBuilder()
        .withName(key)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .withOptional(optional ? true : null)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
