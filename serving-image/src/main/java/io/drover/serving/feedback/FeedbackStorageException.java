package io.drover.serving.feedback;

/** Labelled rows could not be made durable; the message names the directory and the cause. */
public final class FeedbackStorageException extends Exception {

  FeedbackStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
