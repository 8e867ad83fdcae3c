package io.drover.storage;

import io.drover.contract.bundle.ModelBundles;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A directory of fetched bundles, one subdirectory per digest ({@code <root>/<hex>}), meant for a
 * node-local volume: a model server woken from zero on a node that served the same version finds
 * the bundle there and downloads nothing. A bundle enters the cache only whole and verified: it is
 * downloaded into a temporary directory beside the others and renamed into place. A cached bundle
 * is re-hashed before use (reading the disk is cheaper than the download it saves, and a corrupted
 * copy is then fetched again rather than served).
 */
public final class BundleCache {

  private static final System.Logger LOG = System.getLogger(BundleCache.class.getName());
  private static final String SHA256 = "sha256:";

  private final Path root;
  private final BundleStore store;

  public BundleCache(Path root, BundleStore store) {
    this.root = root.toAbsolutePath();
    this.store = store;
  }

  /**
   * The cached copy of the bundle at {@code source}, fetched first unless the cache holds one with
   * the expected digest.
   *
   * @param expectedDigest the digest the registry recorded, or {@code null}: the bundle is then
   *     fetched on every call (without a digest a cached copy cannot be told current)
   */
  public CachedBundle obtain(StorageLocation source, String expectedDigest) {
    if (expectedDigest != null) {
      Path cached = root.resolve(hex(expectedDigest));
      if (Files.isRegularFile(cached.resolve(ModelBundles.MANIFEST_FILE))) {
        String digest = BundleStore.digest(cached);
        if (digest.equals(expectedDigest)) {
          LOG.log(Level.INFO, "bundle {0} found in the cache at {1}", source, cached);
          return new CachedBundle(cached, digest, false);
        }
        LOG.log(
            Level.WARNING,
            "cached copy {0} of {1} has digest {2}, not {3}; fetching it again",
            cached,
            source,
            digest,
            expectedDigest);
        deleteRecursively(cached);
      }
    }
    Path partial = root.resolve(".fetch-" + UUID.randomUUID());
    try {
      BundleStore.FetchedBundle fetched = store.fetch(source, partial, expectedDigest);
      Path target = root.resolve(hex(fetched.digest()));
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the cache directory " + root + " does not support renames", e);
      } catch (IOException e) {
        // Another server on this node cached the same bundle meanwhile (the rename then finds a
        // full directory): same digest, same bytes. Anything else is a real failure.
        if (!Files.isRegularFile(target.resolve(ModelBundles.MANIFEST_FILE))) {
          throw e;
        }
      }
      LOG.log(Level.INFO, "bundle {0} fetched into the cache at {1}", source, target);
      return new CachedBundle(target, fetched.digest(), true);
    } catch (IOException e) {
      throw new StorageException(
          StorageException.Reason.FAILED,
          "cannot place bundle %s in the cache %s: %s".formatted(source, root, e.getMessage()),
          e);
    } finally {
      deleteRecursively(partial);
    }
  }

  private static String hex(String digest) {
    if (!digest.startsWith(SHA256) || !digest.substring(SHA256.length()).matches("[0-9a-f]{64}")) {
      throw new StorageException(
          StorageException.Reason.INVALID_LOCATION,
          "bundle digest %s is not sha256:<64 lowercase hex digits>".formatted(digest));
    }
    return digest.substring(SHA256.length());
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not remove {0}: {1}", directory, e.getMessage());
    }
  }

  /**
   * @param fetched whether it was downloaded by this call (false: found in the cache)
   */
  public record CachedBundle(Path directory, String digest, boolean fetched) {}
}
