package io.drover.trainer;

import io.drover.contract.TrainerResult.Dataset;
import io.drover.contract.TrainerResult.Split;
import io.drover.contract.TrainerResult.ValidationVerdict;
import java.util.List;

/**
 * Ends a run with a message for the TrainingRun's status. Carries what was learnt before failing
 * (the data set read, validation verdicts) so the result still reports it.
 */
public class TrainerFailure extends RuntimeException {
  private final ExitCode exitCode;
  private final Dataset dataset;
  private final List<ValidationVerdict> validation;
  private final Split split;

  public TrainerFailure(ExitCode exitCode, String message) {
    this(exitCode, message, null, List.of(), null);
  }

  public TrainerFailure(ExitCode exitCode, String message, Throwable cause) {
    this(exitCode, message, null, List.of(), cause);
  }

  public TrainerFailure(
      ExitCode exitCode,
      String message,
      Dataset dataset,
      List<ValidationVerdict> validation,
      Throwable cause) {
    this(exitCode, message, dataset, validation, null, cause);
  }

  public TrainerFailure(
      ExitCode exitCode,
      String message,
      Dataset dataset,
      List<ValidationVerdict> validation,
      Split split,
      Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.dataset = dataset;
    this.validation = List.copyOf(validation);
    this.split = split;
  }

  /** An input the user must fix. */
  public static TrainerFailure invalidInput(String message) {
    return new TrainerFailure(ExitCode.INVALID_INPUT, message);
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  public Dataset dataset() {
    return dataset;
  }

  public List<ValidationVerdict> validation() {
    return validation;
  }

  /** The split, when the run got as far as splitting; {@code null} before. */
  public Split split() {
    return split;
  }
}
