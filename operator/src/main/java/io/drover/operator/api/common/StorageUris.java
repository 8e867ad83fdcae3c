package io.drover.operator.api.common;

/** The admission rules for data and model locations. */
public final class StorageUris {

  /**
   * pvc://claim/path (the claim a DNS-1123 subdomain, as PersistentVolumeClaim names are), an
   * object store or web location, or an absolute path.
   */
  public static final String RULE =
      "self.matches('^pvc://[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(/.*)?$')"
          + " || self.matches('^(s3|gs)://[a-z0-9][-a-z0-9.]{1,62}(/.*)?$')"
          + " || self.matches('^https?://[^/\\\\s]+(/.*)?$')"
          + " || self.matches('^/[^\\\\s]*$')";

  /** Ends a field's message: what {@link #RULE} asks for. */
  public static final String MESSAGE =
      "must be pvc://<claim>/<path>, s3://<bucket>/<key>, gs://<bucket>/<key>, http(s)://... or"
          + " an absolute path";

  /** A location may not climb out of its volume or bucket. */
  public static final String NO_PARENT_RULE = "!self.matches('(^|/)\\\\.\\\\.(/|$)')";

  /** Ends a field's message: what {@link #NO_PARENT_RULE} forbids. */
  public static final String NO_PARENT_MESSAGE =
      "must not contain '..' path segments: name the file or folder inside the claim or bucket";

  private StorageUris() {}
}
