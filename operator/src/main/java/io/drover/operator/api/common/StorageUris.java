package io.drover.operator.api.common;

/** The admission rule for data and model locations. */
public final class StorageUris {

  public static final String RULE =
      "self.matches('^pvc://[a-z0-9]([-a-z0-9]*[a-z0-9])?(/.*)?$') ||"
          + " self.matches('^(s3|gs|https?)://.+$') || self.startsWith('/')";

  public static final String MESSAGE =
      "must be pvc://<claim>/<path>, s3://<bucket>/<key>, gs://<bucket>/<key>, http(s)://... or"
          + " an absolute path";

  private StorageUris() {}
}
