package io.drover.operator.inferenceservice.dataplane;

/** A data-plane call that got no usable answer; the message says which call and why. */
public final class DataPlaneException extends RuntimeException {

  public DataPlaneException(String message) {
    super(message);
  }

  public DataPlaneException(String message, Throwable cause) {
    super(message, cause);
  }
}
