package io.drover.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.storage.testing.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An object four times larger than the reader's heap is downloaded and streamed: a child JVM with a
 * 48 MiB heap (serial collector, so the limit means the same everywhere) reads a 200 MB object from
 * the server twice, once to a file and once as a stream, and reports both digests.
 */
class LargeObjectMemoryTest {

  private static final long SIZE = 200L * 1024 * 1024;
  private static final String HEAP = "-Xmx48m";

  @TempDir Path dir;

  @Test
  void aLargeObjectIsStreamedInASmallHeap() throws Exception {
    Path large = dir.resolve("large.bin");
    String expected = generate(large);
    try (S3TestServer server = S3TestServer.start(dir.resolve("server"));
        ObjectStore store = server.client()) {
      server.createBucket("big");
      store.upload(large, StorageLocation.parse("test", "s3://big/large.bin"));
      Files.delete(large);

      Path log = dir.resolve("child.log");
      ProcessBuilder child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  HEAP,
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  Reader.class.getName(),
                  "s3://big/large.bin",
                  dir.resolve("downloaded.bin").toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      child.environment().putAll(server.environment());
      Process process = child.start();
      assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("reader finished").isTrue();
      String output = Files.readString(log);
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("file " + expected).contains("stream " + expected);
      assertThat(Files.size(dir.resolve("downloaded.bin"))).isEqualTo(SIZE);
      System.out.println("LargeObjectMemoryTest child: " + output.strip().replace('\n', ';'));
    }
  }

  /** Pseudo-random bytes (not compressible, not all alike); returns their SHA-256. */
  private static String generate(Path file) throws IOException {
    MessageDigest sha256 = sha256();
    Random random = new Random(13);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < SIZE; written += block.length) {
        random.nextBytes(block);
        sha256.update(block);
        out.write(block);
      }
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The child JVM: downloads, then streams, the object with the settings from its environment. */
  public static final class Reader {
    public static void main(String[] args) throws Exception {
      StorageLocation object = StorageLocation.parse("object", args[0]);
      Path file = Path.of(args[1]);
      try (ObjectStore store = ObjectStore.connect(StorageSettings.fromEnvironment())) {
        store.download(object, file);
        MessageDigest fileDigest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), fileDigest)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
        System.out.println("file " + HexFormat.of().formatHex(fileDigest.digest()));
        MessageDigest streamDigest = sha256();
        try (InputStream in = new DigestInputStream(store.open(object), streamDigest)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
        System.out.println("stream " + HexFormat.of().formatHex(streamDigest.digest()));
      }
      long peak = 0;
      List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
      for (MemoryPoolMXBean pool : pools) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.printf(
          "peak heap %.1f MiB of %.0f MiB%n",
          peak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
    }
  }
}
