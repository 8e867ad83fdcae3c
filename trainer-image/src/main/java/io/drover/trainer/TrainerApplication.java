package io.drover.trainer;

import io.drover.contract.TrainerEnvironment;
import io.drover.contract.TrainerResult;
import io.drover.contract.TrainerResult.Outcome;
import io.drover.trainer.config.RunEnvironment;
import io.drover.trainer.report.ResultReporter;
import io.drover.trainer.storage.TrainerStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run of the trainer contract: whatever happens, a result goes to the termination log and the
 * exit code says whether it worked.
 */
public final class TrainerApplication {

  private TrainerApplication() {}

  /**
   * @param env the contract's environment variables
   * @param log where progress goes (stdout in a container)
   * @return the process exit code
   */
  public static int run(Map<String, String> env, PrintStream log) {
    Path terminationLog = RunEnvironment.terminationLog(env);
    TrainerResult result;
    ExitCode exitCode;
    try (TrainerStorage storage = TrainerStorage.from(env, log)) {
      RunEnvironment run = RunEnvironment.from(env);
      log.printf(
          "drover trainer: mode %s, run %s, model %s%s%n",
          run.mode(),
          run.run() == null ? "-" : run.run(),
          run.model() == null ? "-" : run.model(),
          run.trial() == null ? "" : ", trial " + run.trial());
      result =
          TrainerEnvironment.MODE_EVALUATE.equals(run.mode())
              ? EvaluateCommand.run(run, storage, log)
              : TrainCommand.run(run, storage, log);
      exitCode = ExitCode.SUCCEEDED;
    } catch (TrainerFailure failure) {
      result =
          failed(failure.getMessage(), failure.dataset(), failure.validation(), failure.split());
      exitCode = failure.exitCode();
    } catch (Exception | LinkageError | OutOfMemoryError | StackOverflowError e) {
      // Unexpected: the stack trace goes to the log, one line to the status.
      e.printStackTrace(log);
      result = failed("internal error: " + e, null, List.of(), null);
      exitCode = ExitCode.INTERNAL_ERROR;
    }
    if (exitCode != ExitCode.SUCCEEDED) {
      log.println("failed: " + result.message());
    }
    String json = ResultReporter.fit(result);
    log.println("result: " + json);
    try {
      ResultReporter.write(terminationLog, json);
    } catch (IOException e) {
      log.printf(
          "cannot write the result to %s (%s); set %s to a writable file%n",
          terminationLog, e, TrainerEnvironment.TERMINATION_LOG);
      exitCode = exitCode == ExitCode.SUCCEEDED ? ExitCode.INTERNAL_ERROR : exitCode;
    }
    return exitCode.code();
  }

  private static TrainerResult failed(
      String message,
      TrainerResult.Dataset dataset,
      List<TrainerResult.ValidationVerdict> checks,
      TrainerResult.Split split) {
    return new TrainerResult(Outcome.Failed, message, Map.of(), dataset, null, checks, split);
  }
}
