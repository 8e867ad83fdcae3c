package io.drover.storage;

import io.drover.contract.StorageEnvironment;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Set;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns the SDK's exceptions into messages that say what to fix. */
final class StoreErrors {

  private static final Set<String> DENIED =
      Set.of(
          "AccessDenied",
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "InvalidToken",
          "ExpiredToken",
          "AllAccessDisabled");

  private final StorageSettings settings;

  StoreErrors(StorageSettings settings) {
    this.settings = settings;
  }

  /**
   * @param action what was being done, as in "cannot <action> s3://b/k"
   */
  StorageException translate(SdkException e, String action, StorageLocation location) {
    if (e instanceof S3Exception s3) {
      return fromStore(s3, action, location);
    }
    Throwable timeout = cause(e, SocketTimeoutException.class, HttpTimeoutException.class);
    if (timeout != null
        || e instanceof ApiCallAttemptTimeoutException
        || e instanceof ApiCallTimeoutException) {
      return new StorageException(
          StorageException.Reason.UNREACHABLE,
          "cannot %s %s: the endpoint %s did not answer within %d s (%s); check %s and the network path to it"
              .formatted(
                  action,
                  location,
                  settings.describeEndpoint(),
                  settings.timeout().toSeconds(),
                  StorageEnvironment.TIMEOUT_SECONDS,
                  StorageEnvironment.ENDPOINT),
          e);
    }
    if (cause(e, ConnectException.class, UnknownHostException.class) != null) {
      return new StorageException(
          StorageException.Reason.UNREACHABLE,
          "cannot %s %s: cannot connect to the endpoint %s (%s); check %s"
              .formatted(
                  action,
                  location,
                  settings.describeEndpoint(),
                  rootMessage(e),
                  StorageEnvironment.ENDPOINT),
          e);
    }
    if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
      return new StorageException(
          StorageException.Reason.ACCESS_DENIED,
          "cannot %s %s: no credentials found by %s; name a Secret with AWS_ACCESS_KEY_ID and"
                  .formatted(action, location, settings.credentials().describe())
              + " AWS_SECRET_ACCESS_KEY (drover.storage.secret-name) or give the pod an IAM role",
          e);
    }
    return new StorageException(
        StorageException.Reason.FAILED,
        "cannot %s %s at %s: %s"
            .formatted(action, location, settings.describeEndpoint(), rootMessage(e)),
        e);
  }

  private StorageException fromStore(S3Exception e, String action, StorageLocation location) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    int status = e.statusCode();
    if ("NoSuchBucket".equals(code)) {
      return new StorageException(
          StorageException.Reason.BUCKET_NOT_FOUND,
          "cannot %s %s: bucket %s does not exist at %s; create it, or fix the bucket name"
              .formatted(action, location, location.bucket(), settings.describeEndpoint()),
          e);
    }
    if ("NoSuchKey".equals(code) || status == 404) {
      return new StorageException(
          StorageException.Reason.OBJECT_NOT_FOUND,
          "cannot %s %s: no such object in bucket %s"
              .formatted(action, location, location.bucket()),
          e);
    }
    if (status == 403 || DENIED.contains(code)) {
      return new StorageException(
          StorageException.Reason.ACCESS_DENIED,
          "cannot %s %s: access denied (%s) using %s; check the keys and that they may %s in bucket %s"
              .formatted(
                  action,
                  location,
                  code == null ? "HTTP 403" : code,
                  settings.credentials().describe(),
                  action.startsWith("write") || action.startsWith("delete") ? "write" : "read",
                  location.bucket()),
          e);
    }
    if (status == 301
        || "PermanentRedirect".equals(code)
        || "AuthorizationHeaderMalformed".equals(code)) {
      return new StorageException(
          StorageException.Reason.INVALID_LOCATION,
          "cannot %s %s: bucket %s is not in region %s; set %s to its region"
              .formatted(
                  action,
                  location,
                  location.bucket(),
                  settings.region(),
                  StorageEnvironment.REGION),
          e);
    }
    return new StorageException(
        StorageException.Reason.FAILED,
        "cannot %s %s: %s answered HTTP %d %s"
            .formatted(
                action,
                location,
                settings.describeEndpoint(),
                status,
                code == null ? String.valueOf(e.getMessage()) : code),
        e);
  }

  @SafeVarargs
  private static Throwable cause(Throwable e, Class<? extends Throwable>... types) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(t)) {
          return t;
        }
      }
    }
    return null;
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
