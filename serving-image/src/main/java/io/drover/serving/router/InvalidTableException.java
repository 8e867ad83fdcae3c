package io.drover.serving.router;

/** A routing table that is refused; the last good table stays in force. */
public final class InvalidTableException extends RuntimeException {
  public InvalidTableException(String message) {
    super(message, null, false, false);
  }
}
