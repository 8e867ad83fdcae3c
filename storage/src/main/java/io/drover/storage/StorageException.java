package io.drover.storage;

/**
 * A storage operation that failed, with a message that names the location, what went wrong and what
 * to change. {@link #reason()} tells callers whether trying again could help.
 */
public class StorageException extends RuntimeException {

  /** What went wrong, so a caller can choose an exit code or a retry. */
  public enum Reason {
    /** The location is not one this code can read or write. */
    INVALID_LOCATION(false),
    /** The bucket does not exist (at this endpoint, in this region). */
    BUCKET_NOT_FOUND(false),
    /** No object (or no object under the prefix) at the location. */
    OBJECT_NOT_FOUND(false),
    /** The store refused the credentials, or they lack a permission, or none were found. */
    ACCESS_DENIED(false),
    /** A fetched bundle's digest is not the one expected. */
    DIGEST_MISMATCH(false),
    /** The endpoint could not be reached or did not answer in time. */
    UNREACHABLE(true),
    /** Anything else the store or the local disk reported. */
    FAILED(true);

    private final boolean transientFailure;

    Reason(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }

    /** Whether the same operation might succeed later without anyone changing anything. */
    public boolean isTransient() {
      return transientFailure;
    }
  }

  private final Reason reason;

  public StorageException(Reason reason, String message) {
    this(reason, message, null);
  }

  public StorageException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
