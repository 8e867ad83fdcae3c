package io.drover.trainer.report;

import io.drover.contract.TrainerResult;
import io.drover.contract.TrainerResult.ValidationVerdict;
import io.drover.contract.TrainerResults;
import io.drover.contract.bundle.ModelBundles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the result as the termination message, which Kubernetes truncates beyond 4 KiB: what does
 * not fit is left out in a stated order rather than cut mid-JSON: verdicts from the end of the list
 * (it is worst first, so passing ones go first), then the trailing data sources (the primary
 * stays), then the end of the message.
 */
public final class ResultReporter {

  private ResultReporter() {}

  /** The result's JSON, at most {@link TrainerResults#MAX_BYTES} bytes. */
  public static String fit(TrainerResult result) {
    String json = TrainerResults.write(result);
    if (fits(json)) {
      return json;
    }
    List<ValidationVerdict> verdicts = result.validation();
    String fullReport =
        result.bundle() == null
            ? "see the trainer's log"
            : "see " + ModelBundles.VALIDATION_FILE + " in the bundle";
    TrainerResult shortened = result;
    String verdictNote = "";
    for (int keep = verdicts.size() - 1; keep >= 0; keep--) {
      verdictNote =
          " (%d of %d validation verdicts omitted here; %s)"
              .formatted(verdicts.size() - keep, verdicts.size(), fullReport);
      shortened = with(result, text(result) + verdictNote, verdicts.subList(0, keep));
      json = TrainerResults.write(shortened);
      if (fits(json)) {
        return json;
      }
    }
    // Then the trailing data sources; the primary, the total rows and the digest stay.
    TrainerResult.Dataset dataset = result.dataset();
    List<TrainerResult.SourceRead> sources = dataset == null ? List.of() : dataset.sources();
    for (int keep = sources.size() - 1; keep >= 1; keep--) {
      String note =
          " (%d of %d data sources omitted here; see the trainer's log)"
              .formatted(sources.size() - keep, sources.size());
      shortened =
          new TrainerResult(
              result.outcome(),
              text(result) + verdictNote + note,
              result.metrics(),
              new TrainerResult.Dataset(dataset.digest(), dataset.rows(), sources.subList(0, keep)),
              result.bundle(),
              shortened.validation(),
              result.split());
      json = TrainerResults.write(shortened);
      if (fits(json)) {
        return json;
      }
    }
    // Only an enormous message is left to shorten.
    String message = text(shortened);
    while (!fits(json) && !message.isEmpty()) {
      int excess = size(json) - TrainerResults.MAX_BYTES;
      message = message.substring(0, Math.max(0, message.length() - excess - 8));
      json = TrainerResults.write(with(shortened, message + "…", shortened.validation()));
    }
    return json;
  }

  /** Writes the termination message, creating the parent directory outside a pod. */
  public static void write(Path terminationLog, String json) throws IOException {
    Path parent = terminationLog.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent);
    }
    Files.writeString(terminationLog, json, StandardCharsets.UTF_8);
  }

  private static TrainerResult with(
      TrainerResult result, String message, List<ValidationVerdict> validation) {
    return new TrainerResult(
        result.outcome(),
        message,
        result.metrics(),
        result.dataset(),
        result.bundle(),
        validation,
        result.split());
  }

  private static String text(TrainerResult result) {
    return result.message() == null ? "" : result.message();
  }

  private static boolean fits(String json) {
    return size(json) <= TrainerResults.MAX_BYTES;
  }

  private static int size(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length;
  }
}
