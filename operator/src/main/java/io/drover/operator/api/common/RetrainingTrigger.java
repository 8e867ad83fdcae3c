package io.drover.operator.api.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.generator.annotation.Size;
import java.util.Map;
import java.util.Optional;

/**
 * Why an InferenceService started a retraining run. Recorded three times, one shape: in the
 * service's status (the cycle), on the TrainingRun it created (the {@value #ANNOTATION}
 * annotation), and in the lineage of the ModelVersion that run registered.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetrainingTrigger(
    @JsonPropertyDescription("The InferenceService whose trigger fired.")
        @Size(max = ApiGroup.SUBDOMAIN_MAX_LENGTH)
        String inferenceService,
    @JsonPropertyDescription("Which trigger: Drift, Accuracy or Schedule.") Reason reason,
    @JsonPropertyDescription(
            "The figures that fired it, e.g. \"petal_length psi 0.41 > 0.2 in 3 readings\".")
        @Size(max = ApiGroup.TEXT_MAX_LENGTH)
        String figures,
    @JsonPropertyDescription("When it fired (RFC 3339).") @Size(max = 64) String time) {

  /** Annotation on a retraining TrainingRun: this record as JSON. */
  public static final String ANNOTATION = "drover.io/retraining-trigger";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The kinds of trigger. */
  public enum Reason {
    Drift,
    Accuracy,
    Schedule
  }

  /** The trigger recorded on an object, if it was created by one (and the record is readable). */
  public static Optional<RetrainingTrigger> of(Map<String, String> annotations) {
    String json = annotations == null ? null : annotations.get(ANNOTATION);
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(json, RetrainingTrigger.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** The value of {@value #ANNOTATION}. */
  public String toAnnotation() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a trigger is always writable", e);
    }
  }
}
