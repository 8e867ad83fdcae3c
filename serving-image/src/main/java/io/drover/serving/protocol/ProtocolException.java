package io.drover.serving.protocol;

/**
 * A request the server refuses, with the HTTP status and the message for the protocol's error body
 * {@code {"error": "..."}}. Thrown on the request path only; carries no stack trace because it is
 * an answer, not a fault, and bad requests should cost no more than good ones.
 */
public final class ProtocolException extends RuntimeException {

  private final int status;

  public ProtocolException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public static ProtocolException badRequest(String message) {
    return new ProtocolException(400, message);
  }

  public static ProtocolException notFound(String message) {
    return new ProtocolException(404, message);
  }

  public int status() {
    return status;
  }
}
