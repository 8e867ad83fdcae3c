package io.drover.contract;

/**
 * The environment variables that configure access to object storage ({@code s3://} locations) in
 * every container the operator starts: the trainer, the comparison Job and the model server. The
 * operator sets them from its {@code drover.storage.*} settings; a container with none of them set
 * talks to AWS S3 with the SDK's default credentials chain.
 */
public final class StorageEnvironment {

  /**
   * Access key id of static credentials. The operator fills it from the Secret named in {@code
   * drover.storage.secret-name} (key {@code AWS_ACCESS_KEY_ID}); the AWS SDK's own name.
   */
  public static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";

  /** Secret access key of static credentials, from the same Secret; the AWS SDK's own name. */
  public static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";

  /** Session token of temporary static credentials (optional); the AWS SDK's own name. */
  public static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";

  /** Region of the bucket; {@value #DEFAULT_REGION} when unset. The AWS SDK's own name. */
  public static final String REGION = "AWS_REGION";

  /** The region used when {@link #REGION} is unset (S3-compatible stores ignore it). */
  public static final String DEFAULT_REGION = "us-east-1";

  /**
   * Endpoint of an S3-compatible store (MinIO, Ceph RGW, Cloudflare R2), e.g. {@code
   * http://minio.storage.svc:9000}; AWS S3 when unset.
   */
  public static final String ENDPOINT = "DROVER_S3_ENDPOINT";

  /**
   * {@code true}: address buckets as {@code <endpoint>/<bucket>/<key>} (path style, which MinIO and
   * Ceph need) rather than {@code <bucket>.<endpoint>/<key>}. Default {@code false}.
   */
  public static final String PATH_STYLE = "DROVER_S3_PATH_STYLE";

  /** Seconds one request may take before it is abandoned and retried; default 60. */
  public static final String TIMEOUT_SECONDS = "DROVER_S3_TIMEOUT_SECONDS";

  /**
   * Name of the Secret the static credentials came from. Set by the operator beside the keys, only
   * so that an access-denied message can say which Secret to fix.
   */
  public static final String CREDENTIALS_SECRET = "DROVER_S3_CREDENTIALS_SECRET";

  /**
   * The expected digest ({@code sha256:<hex>}, as {@code ModelBundles.digest} defines it) of the
   * bundle a container reads: the model server's {@code DROVER_MODEL_URI} or the evaluate mode's
   * {@code DROVER_BUNDLE_URI}. A fetched bundle with another digest is refused.
   */
  public static final String BUNDLE_DIGEST = "DROVER_BUNDLE_DIGEST";

  /**
   * The model server's cache of fetched bundles, one directory per digest. The operator mounts a
   * node-local volume there, so a pod woken from zero on the same node finds its bundle.
   */
  public static final String BUNDLE_CACHE = "DROVER_BUNDLE_CACHE";

  private StorageEnvironment() {}
}
