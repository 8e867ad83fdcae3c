package io.drover.operator.trainingrun;

/** A run that passed admission but cannot be carried out as written; the message says why. */
public class InvalidRunException extends RuntimeException {
  public InvalidRunException(String message) {
    super(message);
  }
}
