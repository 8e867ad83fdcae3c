package io.drover.serving.model;

import io.drover.storage.BundleCache;
import io.drover.storage.BundleStore;
import io.drover.storage.ObjectStore;
import io.drover.storage.StorageLocation;
import io.drover.storage.StorageSettings;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Where the served bundle comes from: a directory (a mounted volume), or an {@code s3://} prefix
 * that is fetched into the bundle cache before the model loads. With the digest the registry
 * recorded ({@code DROVER_BUNDLE_DIGEST}) a fetched bundle is verified and refused on a mismatch,
 * and a bundle already in the cache with that digest is not fetched again: on a node-local cache
 * volume a server woken from zero downloads nothing.
 *
 * @param uri {@code DROVER_MODEL_URI}: a path, a {@code file:} URI or {@code s3://bucket/prefix}
 * @param digest the expected digest, {@code sha256:<hex>}, or {@code null}
 * @param cache the cache directory ({@code DROVER_BUNDLE_CACHE}), or {@code null} for {@value
 *     #DEFAULT_CACHE} in the temporary directory
 */
public record BundleSource(String uri, String digest, Path cache) {

  /** The cache's directory name in {@code java.io.tmpdir} when none is configured. */
  public static final String DEFAULT_CACHE = "drover-bundles";

  private static final Logger LOG = Logger.getLogger(BundleSource.class);

  /**
   * @param digest blank or {@code null} when not known
   * @param cache blank or {@code null} for the default
   */
  public static BundleSource of(String uri, String digest, String cache) {
    return new BundleSource(
        uri.strip(),
        digest == null || digest.isBlank() ? null : digest.strip(),
        cache == null || cache.isBlank()
            ? Path.of(System.getProperty("java.io.tmpdir"), DEFAULT_CACHE)
            : Path.of(cache.strip()));
  }

  public boolean isObjectStore() {
    return uri.regionMatches(true, 0, "s3://", 0, 5);
  }

  /**
   * The local bundle directory, fetched first for an object-store location.
   *
   * @throws io.drover.storage.StorageException naming the object and what to fix (a missing bucket
   *     or bundle, refused credentials, an unreachable endpoint, a digest mismatch)
   */
  public Path directory() {
    if (!isObjectStore()) {
      return Path.of(uri.startsWith("file:") ? uri.substring("file:".length()) : uri);
    }
    StorageLocation location = StorageLocation.parse("DROVER_MODEL_URI", uri);
    if (digest == null) {
      LOG.warnf(
          "no DROVER_BUNDLE_DIGEST given for %s: the bundle is fetched on every start and not"
              + " verified",
          location);
    }
    long start = System.nanoTime();
    try (ObjectStore store = ObjectStore.connect(StorageSettings.fromEnvironment())) {
      BundleCache.CachedBundle cached =
          new BundleCache(cache, new BundleStore(store)).obtain(location, digest);
      LOG.infof(
          "%s %s (%s) in %.2f s: %s",
          cached.fetched() ? "fetched" : "found in the cache",
          location,
          cached.digest(),
          (System.nanoTime() - start) / 1e9,
          cached.directory());
      return cached.directory();
    }
  }
}
