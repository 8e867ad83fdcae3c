package io.drover.operator.inferenceservice;

/** A child's name is taken by an object the InferenceService does not own. */
final class NameConflictException extends RuntimeException {

  NameConflictException(String message) {
    super(message);
  }
}
