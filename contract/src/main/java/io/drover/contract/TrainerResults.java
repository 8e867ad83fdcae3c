package io.drover.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** Reads and writes {@link TrainerResult}s in their termination-message form. */
public final class TrainerResults {

  /** Kubernetes truncates termination messages beyond 4 KiB. */
  public static final int MAX_BYTES = 4096;

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private TrainerResults() {}

  /**
   * Parses a termination message.
   *
   * @throws InvalidTrainerResultException with a message fit for a TrainingRun's status when the
   *     text is empty, oversized, not JSON, or lacks an outcome
   */
  public static TrainerResult parse(String terminationMessage) {
    if (terminationMessage == null || terminationMessage.isBlank()) {
      throw new InvalidTrainerResultException("the trainer wrote no result to its termination log");
    }
    int size = terminationMessage.getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_BYTES) {
      throw new InvalidTrainerResultException(
          "the trainer's result is %d bytes, over the %d-byte termination-message limit"
              .formatted(size, MAX_BYTES));
    }
    TrainerResult result;
    try {
      result = JSON.readValue(terminationMessage, TrainerResult.class);
    } catch (JsonProcessingException e) {
      throw new InvalidTrainerResultException(
          "the trainer's result is not valid JSON (%s): %s"
              .formatted(e.getOriginalMessage(), preview(terminationMessage)));
    }
    if (result == null || result.outcome() == null) {
      throw new InvalidTrainerResultException(
          "the trainer's result has no \"outcome\" (Succeeded or Failed): "
              + preview(terminationMessage));
    }
    return result;
  }

  /** Serializes a result compactly; the caller keeps it under {@link #MAX_BYTES}. */
  public static String write(TrainerResult result) {
    try {
      return JSON.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a TrainerResult always serializes", e);
    }
  }

  private static String preview(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "…";
  }
}
