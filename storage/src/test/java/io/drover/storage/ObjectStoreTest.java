package io.drover.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.contract.StorageEnvironment;
import io.drover.storage.testing.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object store against a real S3-protocol server: transfers and what failures say. */
class ObjectStoreTest {

  @TempDir static Path serverFiles;
  @TempDir Path dir;

  static S3TestServer server;
  static ObjectStore store;

  @BeforeAll
  static void startServer() {
    server = S3TestServer.start(serverFiles);
    server.createBucket("data");
    store = server.client();
  }

  @AfterAll
  static void stopServer() {
    store.close();
    server.close();
  }

  @Test
  void uploadsListsAndDownloadsAPrefixAsADirectory() throws IOException {
    Path local = dir.resolve("set");
    Files.createDirectories(local.resolve("part"));
    Files.writeString(local.resolve("a.csv"), "x,y\n1,2\n");
    Files.writeString(local.resolve("part/b.csv"), "x,y\n3,4\n");
    StorageLocation prefix = StorageLocation.parse("test", "s3://data/sets/one/");

    store.uploadDirectory(local, prefix);

    assertThat(store.list(prefix))
        .extracting(StoredObject::relativeName)
        .containsExactly("a.csv", "part/b.csv");
    Path fetched = store.fetch(prefix, dir.resolve("copy"));
    assertThat(Files.readString(fetched.resolve("part/b.csv"))).isEqualTo("x,y\n3,4\n");
    Path file = store.fetch(prefix.resolve("a.csv"), dir.resolve("one"));
    assertThat(file.getFileName().toString()).isEqualTo("a.csv");
    assertThat(Files.readString(file)).isEqualTo("x,y\n1,2\n");
    try (InputStream in = store.open(prefix.resolve("a.csv"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("x,y\n1,2\n");
    }
  }

  @Test
  void aMissingBucketIsNamed() {
    assertThatThrownBy(
            () -> store.fetch(StorageLocation.parse("test", "s3://no-such-bucket/x.csv"), dir))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("bucket no-such-bucket does not exist at " + server.endpoint())
        .extracting(e -> ((StorageException) e).reason())
        .isEqualTo(StorageException.Reason.BUCKET_NOT_FOUND);
  }

  @Test
  void aMissingObjectIsNamed() {
    StorageLocation missing = StorageLocation.parse("test", "s3://data/nothing/here.csv");
    assertThatThrownBy(() -> store.fetch(missing, dir))
        .hasMessageContaining("s3://data/nothing/here.csv: no such object")
        .extracting(e -> ((StorageException) e).reason())
        .isEqualTo(StorageException.Reason.OBJECT_NOT_FOUND);
    assertThatThrownBy(() -> store.download(missing, dir.resolve("x")))
        .hasMessageContaining("cannot read s3://data/nothing/here.csv: no such object");
  }

  @Test
  void wrongKeysAreRefusedNamingTheSecretTheyCameFrom() {
    Map<String, String> env = new HashMap<>(server.environment());
    env.put(StorageEnvironment.SECRET_ACCESS_KEY, "not-the-secret");
    try (ObjectStore wrong = ObjectStore.connect(StorageSettings.from(env))) {
      assertThatThrownBy(() -> wrong.list(StorageLocation.parse("test", "s3://data/sets")))
          .hasMessageContaining("cannot list s3://data/sets: access denied")
          .hasMessageContaining(
              "static keys from the environment (Secret test-s3-credentials (keys"
                  + " AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), access key id drov****)")
          .hasMessageNotContaining("not-the-secret")
          .extracting(e -> ((StorageException) e).reason())
          .isEqualTo(StorageException.Reason.ACCESS_DENIED);
    }
  }

  @Test
  void withoutKeysTheDefaultChainIsNamed() {
    Map<String, String> env = new HashMap<>(server.environment());
    env.remove(StorageEnvironment.ACCESS_KEY_ID);
    env.remove(StorageEnvironment.SECRET_ACCESS_KEY);
    StorageSettings settings = StorageSettings.from(env);
    assertThat(settings.credentials().describe())
        .startsWith("the AWS SDK default credentials chain");
    // What the chain finds depends on the machine (it may find nothing, or someone's profile):
    // either way the refusal names the chain, never static keys.
    try (ObjectStore chain = ObjectStore.connect(settings)) {
      assertThatThrownBy(() -> chain.list(StorageLocation.parse("test", "s3://data/sets")))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("the AWS SDK default credentials chain");
    }
  }

  @Test
  void aBodyThatBreaksOffIsResumedWhereItStopped() throws IOException {
    byte[] bytes = new byte[300_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    StorageLocation object = StorageLocation.parse("test", "s3://data/flaky/blob.bin");
    store.write(object, bytes);
    int readsBefore = server.objectReads("data", "flaky/");

    server.breakNextReadAfter(100_000);
    Path file = dir.resolve("blob.bin");
    store.download(object, file);

    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    assertThat(server.objectReads("data", "flaky/") - readsBefore)
        .as("one broken read, one ranged read for the rest")
        .isEqualTo(2);
  }

  @Test
  void anEndpointThatNeverAnswersTimesOutNamingIt() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Map<String, String> env = new HashMap<>(server.environment());
      String endpoint = "http://127.0.0.1:" + silent.getLocalPort();
      env.put(StorageEnvironment.ENDPOINT, endpoint);
      env.put(StorageEnvironment.TIMEOUT_SECONDS, "1");
      try (ObjectStore stuck = ObjectStore.connect(StorageSettings.from(env))) {
        assertThatThrownBy(() -> stuck.list(StorageLocation.parse("test", "s3://data/sets")))
            .hasMessageContaining("the endpoint " + endpoint + " did not answer within 1 s")
            .extracting(e -> ((StorageException) e).reason())
            .isEqualTo(StorageException.Reason.UNREACHABLE);
      }
    }
  }

  @Test
  void locationsAreParsedAndBadOnesNamed() {
    StorageLocation location = StorageLocation.parse("X", "s3://models/iris/run-1/");
    assertThat(location.bucket()).isEqualTo("models");
    assertThat(location.key()).isEqualTo("iris/run-1");
    assertThat(location.resolve("test.csv").toString())
        .isEqualTo("s3://models/iris/run-1/test.csv");
    assertThat(StorageLocation.parse("X", "/data/iris.csv").isObjectStore()).isFalse();
    assertThat(StorageLocation.parse("X", "file:/data/iris.csv").path())
        .isEqualTo(Path.of("/data/iris.csv"));
    assertThatThrownBy(() -> StorageLocation.parse("DROVER_DATASET_URI", "gs://b/k"))
        .hasMessageStartingWith("DROVER_DATASET_URI=gs://b/k: gs:// locations are not supported");
    assertThatThrownBy(() -> StorageLocation.parse("DROVER_DATASET_URI", "s3://B_ad/k"))
        .hasMessageContaining("\"B_ad\" is not a bucket name");
    assertThat(List.of(StorageSettings.from(Map.of()).region()))
        .containsExactly(StorageEnvironment.DEFAULT_REGION);
  }
}
