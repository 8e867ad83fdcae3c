package io.drover.storage.testing;

import io.drover.contract.StorageEnvironment;
import io.drover.storage.ObjectStore;
import io.drover.storage.StorageSettings;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.io.MutableContentMetadata;
import org.jclouds.io.Payload;
import org.jclouds.io.payloads.InputStreamPayload;

/**
 * A real S3-protocol server in the test JVM: s3proxy (S3's REST API, AWS signature checks) over
 * jclouds' filesystem blob store, on a loopback port. Object reads are counted on the server side,
 * per key, and the next read can be made to break off mid-body, as a flaky network would.
 */
public final class S3TestServer implements AutoCloseable {

  public static final String ACCESS_KEY = "drover-test-key";
  public static final String SECRET_KEY = "drover-test-secret";
  public static final String SECRET_NAME = "test-s3-credentials";

  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final CountingBlobStore blobs;

  private S3TestServer(S3Proxy proxy, BlobStoreContext context, CountingBlobStore blobs) {
    this.proxy = proxy;
    this.context = context;
    this.blobs = blobs;
  }

  /** Starts a server keeping its objects under {@code directory}. */
  public static S3TestServer start(Path directory) {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
    BlobStoreContext context =
        ContextBuilder.newBuilder("filesystem")
            .overrides(properties)
            .buildView(BlobStoreContext.class);
    CountingBlobStore blobs = new CountingBlobStore(context.getBlobStore());
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobs)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    try {
      proxy.start();
    } catch (Exception e) {
      context.close();
      throw new IllegalStateException("s3proxy did not start", e);
    }
    return new S3TestServer(proxy, context, blobs);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** What the operator would put in a container's environment for this store. */
  public Map<String, String> environment() {
    return Map.of(
        StorageEnvironment.ENDPOINT,
        endpoint().toString(),
        StorageEnvironment.PATH_STYLE,
        "true",
        StorageEnvironment.REGION,
        "us-east-1",
        StorageEnvironment.ACCESS_KEY_ID,
        ACCESS_KEY,
        StorageEnvironment.SECRET_ACCESS_KEY,
        SECRET_KEY,
        StorageEnvironment.CREDENTIALS_SECRET,
        SECRET_NAME);
  }

  /** A client with this server's credentials. */
  public ObjectStore client() {
    return ObjectStore.connect(StorageSettings.from(environment()));
  }

  public void createBucket(String bucket) {
    blobs.createContainerInLocation(null, bucket);
  }

  /** GET requests for object bodies the server answered, over all keys. */
  public int objectReads() {
    return blobs.reads.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** GET requests for object bodies under a key prefix in a bucket. */
  public int objectReads(String bucket, String keyPrefix) {
    String prefix = bucket + "/" + keyPrefix;
    return blobs.reads.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToInt(e -> e.getValue().get())
        .sum();
  }

  /** The next object read sends this many bytes of its body, then breaks the connection. */
  public void breakNextReadAfter(long bytes) {
    blobs.breakAfter.set(bytes);
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not stop", e);
    } finally {
      context.close();
    }
  }

  /** Counts body reads per {@code bucket/key} and injects one broken read when asked. */
  private static final class CountingBlobStore extends ForwardingBlobStore {
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private final AtomicLong breakAfter = new AtomicLong(-1);

    CountingBlobStore(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public Blob getBlob(String container, String name) {
      return getBlob(container, name, GetOptions.NONE);
    }

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
      Blob blob = super.getBlob(container, name, options);
      if (blob == null) {
        return null;
      }
      reads.computeIfAbsent(container + "/" + name, k -> new AtomicInteger()).incrementAndGet();
      long limit = breakAfter.getAndSet(-1);
      if (limit >= 0) {
        MutableContentMetadata metadata = blob.getPayload().getContentMetadata();
        Payload broken = new InputStreamPayload(new BreakingStream(openPayload(blob), limit));
        broken.setContentMetadata(metadata);
        blob.setPayload(broken);
        blob.getPayload().setContentMetadata(metadata);
      }
      return blob;
    }

    private static InputStream openPayload(Blob blob) {
      try {
        return blob.getPayload().openStream();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Passes {@code limit} bytes through, then fails like a reset connection. */
  private static final class BreakingStream extends FilterInputStream {
    private long left;

    BreakingStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left <= 0) {
        throw new IOException("connection broken by the test");
      }
      int n = super.read(buffer, offset, (int) Math.min(length, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
