package io.drover.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-protocol object store (AWS S3, MinIO, Ceph RGW, Cloudflare R2, ...) reached with the AWS
 * SDK for Java v2 over the JDK's HTTP client. Reads stream: no object is held in memory. Every
 * failure is a {@link StorageException} whose message names the object, the endpoint and, for
 * refusals, the credentials source.
 */
public final class ObjectStore implements AutoCloseable {

  /** Times a download that broke off mid-body is resumed from the last byte received. */
  public static final int DOWNLOAD_ATTEMPTS = 4;

  private static final System.Logger LOG = System.getLogger(ObjectStore.class.getName());
  private static final int BUFFER_BYTES = 64 * 1024;

  private final S3Client s3;
  private final StorageSettings settings;
  private final StoreErrors errors;

  private ObjectStore(S3Client s3, StorageSettings settings) {
    this.s3 = s3;
    this.settings = settings;
    this.errors = new StoreErrors(settings);
  }

  /** A client for the store the settings describe; creating it contacts nothing. */
  public static ObjectStore connect(StorageSettings settings) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(settings.timeout())
                    .socketTimeout(settings.timeout()))
            .region(Region.of(settings.region()))
            .credentialsProvider(settings.credentials().provider())
            .forcePathStyle(settings.pathStyle())
            // S3-compatible stores (older MinIO and Ceph, R2) refuse the newer default
            // checksum headers; the bundle digest is verified end to end anyway.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    settings.endpoint().ifPresent(builder::endpointOverride);
    return new ObjectStore(builder.build(), settings);
  }

  public StorageSettings settings() {
    return settings;
  }

  /** The objects under a prefix ({@code prefix/...}), at any depth, in key order. */
  public List<StoredObject> list(StorageLocation prefix) {
    requireObjectStore(prefix);
    String keyPrefix = prefix.key().isEmpty() ? "" : prefix.key() + "/";
    List<StoredObject> objects = new ArrayList<>();
    try {
      for (S3Object object :
          s3.listObjectsV2Paginator(
                  ListObjectsV2Request.builder().bucket(prefix.bucket()).prefix(keyPrefix).build())
              .contents()) {
        if (object.key().endsWith("/")) {
          continue; // a "folder" marker some consoles create
        }
        objects.add(
            new StoredObject(
                new StorageLocation(prefix.bucket(), object.key(), null),
                object.key().substring(keyPrefix.length()),
                object.size()));
      }
    } catch (SdkException e) {
      throw errors.translate(e, "list", prefix);
    }
    return objects;
  }

  /** Whether an object with exactly this key exists. */
  public boolean exists(StorageLocation object) {
    requireObjectStore(object);
    try {
      return s3
          .listObjectsV2(
              ListObjectsV2Request.builder()
                  .bucket(object.bucket())
                  .prefix(object.key())
                  .maxKeys(1)
                  .build())
          .contents()
          .stream()
          .anyMatch(o -> o.key().equals(object.key()));
    } catch (SdkException e) {
      throw errors.translate(e, "look up", object);
    }
  }

  /**
   * Opens an object for streaming; the caller closes the stream. Bytes arrive as they are read, so
   * an object of any size can be read in constant memory.
   */
  public InputStream open(StorageLocation object) {
    requireObjectStore(object);
    try {
      return s3.getObject(
          GetObjectRequest.builder().bucket(object.bucket()).key(object.key()).build());
    } catch (SdkException e) {
      throw errors.translate(e, "read", object);
    }
  }

  /**
   * Downloads one object to a file, streaming it. A body that breaks off is resumed from the last
   * byte received (a ranged read of the same ETag), up to {@value #DOWNLOAD_ATTEMPTS} times, each
   * logged; requests that fail before any body are retried by the SDK itself.
   */
  public void download(StorageLocation object, Path file) {
    requireObjectStore(object);
    long received = 0;
    long total = -1;
    String etag = null;
    for (int attempt = 1; ; attempt++) {
      GetObjectRequest.Builder request =
          GetObjectRequest.builder().bucket(object.bucket()).key(object.key());
      if (received > 0) {
        request.range("bytes=" + received + "-").ifMatch(etag);
      }
      ResponseInputStream<GetObjectResponse> body;
      try {
        body = s3.getObject(request.build());
      } catch (SdkException e) {
        throw errors.translate(e, "read", object);
      }
      try (body;
          OutputStream out =
              Files.newOutputStream(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  received == 0
                      ? StandardOpenOption.TRUNCATE_EXISTING
                      : StandardOpenOption.APPEND)) {
        if (total < 0) {
          total = body.response().contentLength();
          etag = body.response().eTag();
        }
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
          out.write(buffer, 0, n);
          received += n;
        }
        if (received < total) {
          throw new EOFException("the body ended after %d of %d bytes".formatted(received, total));
        }
        return;
      } catch (IOException | SdkException e) {
        if (!Files.isDirectory(file.toAbsolutePath().getParent())) {
          throw new StorageException(
              StorageException.Reason.FAILED,
              "cannot download %s to %s: %s".formatted(object, file, StoreErrors.rootMessage(e)),
              e);
        }
        if (attempt == DOWNLOAD_ATTEMPTS) {
          throw new StorageException(
              StorageException.Reason.UNREACHABLE,
              "cannot read %s from %s: the download broke off %d times, last after %d of %d bytes (%s)"
                  .formatted(
                      object,
                      settings.describeEndpoint(),
                      attempt,
                      received,
                      total,
                      StoreErrors.rootMessage(e)),
              e);
        }
        LOG.log(
            Level.WARNING,
            "download of {0} broke off after {1} of {2} bytes ({3}); resuming (attempt {4} of {5})",
            object,
            received,
            total,
            StoreErrors.rootMessage(e),
            attempt + 1,
            DOWNLOAD_ATTEMPTS);
      }
    }
  }

  /**
   * Downloads what a location names into {@code directory}: an object becomes {@code directory/<its
   * name>}, a prefix becomes the objects below it at their relative paths.
   *
   * @return the downloaded file, or {@code directory} for a prefix
   */
  public Path fetch(StorageLocation location, Path directory) {
    try {
      Files.createDirectories(directory);
      if (!location.key().isEmpty() && exists(location)) {
        Path file = directory.resolve(location.name());
        download(location, file);
        return file;
      }
      List<StoredObject> objects = list(location);
      if (objects.isEmpty()) {
        throw new StorageException(
            StorageException.Reason.OBJECT_NOT_FOUND,
            "%s: no such object, and no objects under %s/ in bucket %s"
                .formatted(location, location, location.bucket()));
      }
      for (StoredObject object : objects) {
        Path file = directory.resolve(object.relativeName()).normalize();
        if (!file.startsWith(directory)) {
          continue; // a key with ../ in it: never written outside the target
        }
        Files.createDirectories(file.getParent());
        download(object.location(), file);
      }
      return directory;
    } catch (IOException e) {
      throw new StorageException(
          StorageException.Reason.FAILED,
          "cannot download %s to %s: %s".formatted(location, directory, e.getMessage()),
          e);
    }
  }

  /** Uploads a file to an object, replacing it; the file is streamed from disk. */
  public void upload(Path file, StorageLocation object) {
    requireObjectStore(object);
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      s3.putObject(
          b -> b.bucket(object.bucket()).key(object.key()).contentLength(size),
          RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw errors.translate(e, "write", object);
    }
  }

  /** Uploads a small text as an object. */
  public void write(StorageLocation object, byte[] bytes) {
    requireObjectStore(object);
    try {
      s3.putObject(b -> b.bucket(object.bucket()).key(object.key()), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw errors.translate(e, "write", object);
    }
  }

  /** Deletes an object; deleting one that is absent is not an error. */
  public void delete(StorageLocation object) {
    requireObjectStore(object);
    try {
      s3.deleteObject(b -> b.bucket(object.bucket()).key(object.key()));
    } catch (SdkException e) {
      throw errors.translate(e, "delete", object);
    }
  }

  /**
   * Uploads every regular file under {@code directory} to {@code prefix/<relative path>}, adding to
   * or replacing what is there.
   */
  public void uploadDirectory(Path directory, StorageLocation prefix) {
    for (Path file : files(directory)) {
      upload(file, prefix.resolve(directory.relativize(file).toString().replace('\\', '/')));
    }
  }

  static List<Path> files(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      return paths.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new StorageException(
          StorageException.Reason.FAILED,
          "cannot read %s: %s".formatted(directory, e.getMessage()),
          e);
    }
  }

  private static void requireObjectStore(StorageLocation location) {
    if (!location.isObjectStore()) {
      throw new IllegalArgumentException(location + " is a local path, not an object location");
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
