package io.drover.trainer;

/**
 * The trainer's exit codes. Failures the data or settings cause get their own codes so that a Job's
 * {@code podFailurePolicy} can fail fast on them instead of retrying: a retry cannot fix them.
 */
public enum ExitCode {
  /** The model was trained (or evaluated) and its result reported. */
  SUCCEEDED(0),
  /** The inputs are unusable: bad data, a bad hyperparameter, an unreadable location. */
  INVALID_INPUT(1),
  /** Data validation against the reference model refused the data set. */
  DATA_REJECTED(2),
  /** Anything else: an engine or I/O failure that a retry might not repeat. */
  INTERNAL_ERROR(3);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
