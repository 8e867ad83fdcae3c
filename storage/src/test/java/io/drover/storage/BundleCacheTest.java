package io.drover.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.contract.bundle.ModelBundles;
import io.drover.storage.testing.S3TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles published to and fetched from a real S3-protocol server, and the node-local cache. */
class BundleCacheTest {

  @TempDir static Path serverFiles;
  @TempDir Path dir;

  static S3TestServer server;
  static ObjectStore objects;
  static BundleStore bundles;

  @BeforeAll
  static void startServer() {
    server = S3TestServer.start(serverFiles);
    server.createBucket("models");
    objects = server.client();
    bundles = new BundleStore(objects);
  }

  @AfterAll
  static void stopServer() {
    objects.close();
    server.close();
  }

  @Test
  void aPublishedBundleHasTheDigestOfItsDirectoryAndLosesStaleFiles() throws IOException {
    StorageLocation target = StorageLocation.parse("test", "s3://models/iris/run-1");
    Path first = bundle("first", "model-0003.params", "old weights");
    bundles.publish(first, target);
    Path second = bundle("second", "model-0007.params", "new weights");

    String digest = bundles.publish(second, target);

    assertThat(digest).isEqualTo(ModelBundles.digest(second));
    assertThat(objects.list(target))
        .extracting(StoredObject::relativeName)
        .containsExactlyInAnyOrder(ModelBundles.MANIFEST_FILE, "model-0007.params");
    BundleStore.FetchedBundle fetched = bundles.fetch(target, dir.resolve("copy"), digest);
    assertThat(fetched.digest()).isEqualTo(digest);
    assertThat(Files.readString(fetched.directory().resolve("model-0007.params")))
        .isEqualTo("new weights");
  }

  @Test
  void aBundleWhoseObjectsChangedIsRefusedNamingIt() throws IOException {
    StorageLocation target = StorageLocation.parse("test", "s3://models/iris/run-2");
    String digest = bundles.publish(bundle("b", "model-0001.params", "weights"), target);
    objects.write(target.resolve("model-0001.params"), "tampered".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> bundles.fetch(target, dir.resolve("copy"), digest))
        .hasMessageStartingWith("bundle s3://models/iris/run-2 has digest sha256:")
        .hasMessageContaining("not " + digest + " as expected")
        .extracting(e -> ((StorageException) e).reason())
        .isEqualTo(StorageException.Reason.DIGEST_MISMATCH);
  }

  @Test
  void aPrefixWithoutAManifestIsNoBundle() {
    StorageLocation target = StorageLocation.parse("test", "s3://models/iris/half-written");
    objects.write(target.resolve("model-0001.params"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> bundles.fetch(target, dir.resolve("copy"), null))
        .hasMessageStartingWith(
            "s3://models/iris/half-written/drover-model.json: no model bundle there")
        .extracting(e -> ((StorageException) e).reason())
        .isEqualTo(StorageException.Reason.OBJECT_NOT_FOUND);
  }

  @Test
  void theCacheFetchesABundleOnceAndServesItFromDiskAfter() throws IOException {
    StorageLocation target = StorageLocation.parse("test", "s3://models/iris/run-3");
    String digest = bundles.publish(bundle("c", "model-0002.params", "weights 3"), target);
    Path root = dir.resolve("cache");
    int before = server.objectReads("models", "iris/run-3/");

    BundleCache.CachedBundle first = new BundleCache(root, bundles).obtain(target, digest);
    int afterFirst = server.objectReads("models", "iris/run-3/");
    // A new cache object on the same directory: a pod started again on the same node.
    BundleCache.CachedBundle second = new BundleCache(root, bundles).obtain(target, digest);
    int afterSecond = server.objectReads("models", "iris/run-3/");

    assertThat(first.fetched()).isTrue();
    assertThat(afterFirst - before).as("objects read by the first fetch").isEqualTo(2);
    assertThat(second.fetched()).isFalse();
    assertThat(afterSecond - afterFirst).as("objects read on a cache hit").isZero();
    assertThat(second.directory()).isEqualTo(first.directory());
    assertThat(ModelBundles.digest(second.directory())).isEqualTo(digest);
    try (var entries = Files.list(root)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .as("no partial downloads left behind")
          .containsExactly(digest.substring("sha256:".length()));
    }
  }

  @Test
  void withoutADigestTheBundleIsFetchedAndLandsBesideTheSameCopy() throws IOException {
    // As when two servers on a node fetch the same bundle at once: the second rename finds the
    // directory full and keeps it.
    StorageLocation target = StorageLocation.parse("test", "s3://models/iris/run-6");
    String digest = bundles.publish(bundle("f", "model-0002.params", "weights 6"), target);
    Path root = dir.resolve("cache");
    BundleCache cache = new BundleCache(root, bundles);
    Path first = cache.obtain(target, digest).directory();

    BundleCache.CachedBundle again = cache.obtain(target, null);

    assertThat(again.fetched()).as("no digest: fetched").isTrue();
    assertThat(again.directory()).isEqualTo(first);
    assertThat(again.digest()).isEqualTo(digest);
    try (var entries = Files.list(root)) {
      assertThat(entries).hasSize(1);
    }
  }

  @Test
  void aCorruptedCachedCopyIsFetchedAgain() throws IOException {
    StorageLocation target = StorageLocation.parse("test", "s3://models/iris/run-4");
    String digest = bundles.publish(bundle("d", "model-0002.params", "weights 4"), target);
    Path root = dir.resolve("cache");
    BundleCache cache = new BundleCache(root, bundles);
    Path cached = cache.obtain(target, digest).directory();
    Files.writeString(cached.resolve("model-0002.params"), "bit rot");

    BundleCache.CachedBundle again = cache.obtain(target, digest);

    assertThat(again.fetched()).isTrue();
    assertThat(Files.readString(again.directory().resolve("model-0002.params")))
        .isEqualTo("weights 4");
  }

  @Test
  void theCacheRefusesABundleWithAnotherDigest() throws IOException {
    StorageLocation target = StorageLocation.parse("test", "s3://models/iris/run-5");
    bundles.publish(bundle("e", "model-0002.params", "weights 5"), target);
    String other = "sha256:" + "0".repeat(64);
    Path root = dir.resolve("cache");

    assertThatThrownBy(() -> new BundleCache(root, bundles).obtain(target, other))
        .hasMessageContaining("bundle s3://models/iris/run-5 has digest")
        .hasMessageContaining("not " + other);
    try (var entries = Files.list(root)) {
      assertThat(entries).as("nothing cached").isEmpty();
    }
  }

  private Path bundle(String name, String weights, String content) throws IOException {
    Path bundle = dir.resolve(name);
    Files.createDirectories(bundle);
    Files.writeString(bundle.resolve(ModelBundles.MANIFEST_FILE), "{\"name\":\"iris\"}\n");
    Files.writeString(bundle.resolve(weights), content);
    return bundle;
  }
}
