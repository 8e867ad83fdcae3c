package io.drover.contract.bundle;

/** A model bundle that cannot be read or does not follow the bundle format. */
public class InvalidBundleException extends RuntimeException {
  public InvalidBundleException(String message) {
    super(message);
  }

  public InvalidBundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
