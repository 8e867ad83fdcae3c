package io.drover.trainer;

import static io.drover.contract.TrainerEnvironment.BUNDLE_URI;
import static io.drover.contract.TrainerEnvironment.DATASET_URI;
import static io.drover.contract.TrainerEnvironment.HYPERPARAMETERS;
import static io.drover.contract.TrainerEnvironment.MODE;
import static io.drover.contract.TrainerEnvironment.MODE_EVALUATE;
import static io.drover.contract.TrainerEnvironment.OUTPUT_URI;
import static io.drover.contract.TrainerEnvironment.REFERENCE_URI;
import static io.drover.contract.TrainerEnvironment.RUN;
import static io.drover.contract.TrainerEnvironment.TERMINATION_LOG;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.contract.TrainerResult;
import io.drover.contract.TrainerResults;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs the trainer in-process, as the container would, and captures what it reports. */
final class TrainerRun {

  static {
    // The same engine settings as the packaged program (surefire sets them too).
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("ai.djl.pytorch.num_threads", "1");
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
  }

  private final Map<String, String> env = new HashMap<>();
  private final Map<String, String> hyperparameters = new LinkedHashMap<>();

  private TrainerRun(Path dataset) {
    env.put(DATASET_URI, dataset.toString());
  }

  /** A test data set copied from the shared data. */
  static Path dataset(String fileName) {
    try {
      return Path.of(TrainerRun.class.getResource("/data/" + fileName).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static TrainerRun train(Path dataset) {
    return new TrainerRun(dataset);
  }

  static TrainerRun evaluate(Path bundle, Path dataset) {
    return new TrainerRun(dataset).with(MODE, MODE_EVALUATE).with(BUNDLE_URI, bundle.toString());
  }

  TrainerRun with(String variable, String value) {
    env.put(variable, value);
    return this;
  }

  TrainerRun output(Path directory) {
    return with(OUTPUT_URI, directory.toString());
  }

  TrainerRun hyperparameter(String name, String value) {
    hyperparameters.put(name, value);
    return this;
  }

  TrainerRun reference(Path bundle) {
    return with(REFERENCE_URI, bundle.toString());
  }

  /** Runs it, writing the termination log into {@code workDirectory}. */
  Outcome run(Path workDirectory) {
    Path terminationLog = workDirectory.resolve("termination-log-" + System.nanoTime());
    Map<String, String> variables = new HashMap<>(env);
    variables.put(TERMINATION_LOG, terminationLog.toString());
    variables.putIfAbsent(RUN, "test-run");
    if (!hyperparameters.isEmpty()) {
      try {
        variables.put(HYPERPARAMETERS, new ObjectMapper().writeValueAsString(hyperparameters));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      exitCode = TrainerApplication.run(variables, out);
    }
    try {
      String message = Files.readString(terminationLog);
      return new Outcome(
          exitCode, log.toString(StandardCharsets.UTF_8), message, TrainerResults.parse(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param terminationMessage the termination log's text, exactly as written
   */
  record Outcome(int exitCode, String log, String terminationMessage, TrainerResult result) {
    double metric(String name) {
      return result.metrics().get(name);
    }
  }
}
