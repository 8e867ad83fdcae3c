package io.drover.contract;

/** A termination message that does not follow the trainer contract. */
public class InvalidTrainerResultException extends RuntimeException {
  public InvalidTrainerResultException(String message) {
    super(message);
  }
}
