package io.drover.storage;

import io.drover.contract.StorageEnvironment;
import io.drover.contract.bundle.ModelBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Model bundles in object storage: a bundle directory is the objects directly under a prefix, one
 * per file. Writing keeps the bundle's rule that the manifest goes last and is removed first, so a
 * prefix without {@value ModelBundles#MANIFEST_FILE} is an interrupted upload, never a bundle.
 * Reading verifies the digest as {@link ModelBundles#digest} defines it, the one the trainer
 * reports and the registry records.
 */
public final class BundleStore {

  private final ObjectStore store;

  public BundleStore(ObjectStore store) {
    this.store = store;
  }

  public ObjectStore objects() {
    return store;
  }

  /**
   * Uploads a bundle directory to {@code target}, making the objects under it exactly the bundle's
   * files: stale objects of an earlier attempt (other weights files) are removed, so the prefix
   * hashes to the same digest as the directory.
   *
   * @return the bundle's digest, {@code sha256:<hex>}
   */
  public String publish(Path bundle, StorageLocation target) {
    String digest = digest(bundle);
    StorageLocation manifest = target.resolve(ModelBundles.MANIFEST_FILE);
    List<StoredObject> existing = store.list(target);
    store.delete(manifest);
    Set<String> written = new HashSet<>();
    for (Path file : topLevelFiles(bundle)) {
      String name = file.getFileName().toString();
      if (!name.equals(ModelBundles.MANIFEST_FILE)) {
        store.upload(file, target.resolve(name));
        written.add(name);
      }
    }
    for (StoredObject object : existing) {
      if (!written.contains(object.relativeName())
          && !object.relativeName().equals(ModelBundles.MANIFEST_FILE)) {
        store.delete(object.location());
      }
    }
    Path manifestFile = bundle.resolve(ModelBundles.MANIFEST_FILE);
    if (Files.isRegularFile(manifestFile)) {
      store.upload(manifestFile, manifest);
    }
    return digest;
  }

  /**
   * Downloads the bundle at {@code source} into {@code directory} (which should be empty) and
   * checks it.
   *
   * @param expectedDigest the digest the bundle must have, or {@code null} to accept any
   * @throws StorageException {@link StorageException.Reason#OBJECT_NOT_FOUND} when the prefix holds
   *     no manifest, {@link StorageException.Reason#DIGEST_MISMATCH} naming the bundle and both
   *     digests
   */
  public FetchedBundle fetch(StorageLocation source, Path directory, String expectedDigest) {
    List<StoredObject> objects = store.list(source);
    if (objects.stream().noneMatch(o -> o.relativeName().equals(ModelBundles.MANIFEST_FILE))) {
      throw new StorageException(
          StorageException.Reason.OBJECT_NOT_FOUND,
          "%s: no model bundle there (no %s among its %d objects); the bundle is missing or its"
                  .formatted(
                      source.resolve(ModelBundles.MANIFEST_FILE),
                      ModelBundles.MANIFEST_FILE,
                      objects.size())
              + " upload did not finish");
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StorageException(
          StorageException.Reason.FAILED, "cannot create " + directory + ": " + e.getMessage(), e);
    }
    for (StoredObject object : objects) {
      if (object.relativeName().contains("/")) {
        continue; // a bundle is flat; deeper keys are not part of it (nor of its digest)
      }
      store.download(object.location(), directory.resolve(object.relativeName()));
    }
    String digest = digest(directory);
    verify(source, digest, expectedDigest);
    return new FetchedBundle(directory, digest);
  }

  /**
   * @throws StorageException ({@link StorageException.Reason#DIGEST_MISMATCH}) when {@code
   *     expected} is given and differs
   */
  static void verify(StorageLocation source, String actual, String expected) {
    if (expected != null && !expected.equals(actual)) {
      throw new StorageException(
          StorageException.Reason.DIGEST_MISMATCH,
          ("bundle %s has digest %s, not %s as expected (%s, the ModelVersion's spec.artifact.digest):"
                  + " its objects changed after it was registered; restore them, or register the"
                  + " bundle as a new version")
              .formatted(source, actual, expected, StorageEnvironment.BUNDLE_DIGEST));
    }
  }

  static String digest(Path bundle) {
    try {
      return ModelBundles.digest(bundle);
    } catch (IOException e) {
      throw new StorageException(
          StorageException.Reason.FAILED,
          "cannot compute the digest of " + bundle + ": " + e.getMessage(),
          e);
    }
  }

  private static List<Path> topLevelFiles(Path bundle) {
    return ObjectStore.files(bundle).stream().filter(f -> f.getParent().equals(bundle)).toList();
  }

  /**
   * A bundle downloaded and checked.
   *
   * @param digest its digest, {@code sha256:<hex>}
   */
  public record FetchedBundle(Path directory, String digest) {}
}
