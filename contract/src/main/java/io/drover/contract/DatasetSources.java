package io.drover.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the value of {@link TrainerEnvironment#DATASET_SOURCES}: a JSON array of {@code
 * {"uri": "...", "version": "..."}} objects, {@code version} optional. The operator writes it with
 * {@link #toJson}; a trainer reads it with {@link #parse}.
 */
public final class DatasetSources {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VARIABLE = TrainerEnvironment.DATASET_SOURCES;

  private DatasetSources() {}

  /** The variable's value for these sources, compact JSON; {@code []} for none. */
  public static String toJson(List<DatasetSource> sources) {
    try {
      return JSON.writeValueAsString(sources == null ? List.of() : sources);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of DatasetSource always serializes", e);
    }
  }

  /**
   * The sources a variable's value names, in order; none when it is absent, blank or {@code []}.
   *
   * @throws IllegalArgumentException naming the variable and what is wrong, when the value is not a
   *     JSON array of objects each with a non-blank string {@code uri}
   */
  public static List<DatasetSource> parse(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    JsonNode array;
    try {
      array = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid("is not JSON (%s)".formatted(e.getOriginalMessage()));
    }
    if (array == null || !array.isArray()) {
      throw invalid("must be a JSON array");
    }
    List<DatasetSource> sources = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode element = array.get(i);
      if (!element.isObject()) {
        throw invalid("element %d must be an object, not %s".formatted(i, element.getNodeType()));
      }
      JsonNode uri = element.get("uri");
      if (uri == null || !uri.isTextual() || uri.asText().isBlank()) {
        throw invalid("element %d has no \"uri\" string".formatted(i));
      }
      JsonNode version = element.get("version");
      if (version != null && !version.isNull() && !version.isValueNode()) {
        throw invalid("element %d: \"version\" must be a string".formatted(i));
      }
      sources.add(
          new DatasetSource(
              uri.asText(), version == null || version.isNull() ? null : version.asText()));
    }
    return List.copyOf(sources);
  }

  private static IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException(
        "%s %s; expected a JSON array like [{\"uri\": \"/data/feedback\", \"version\": \"v2\"}]"
            .formatted(VARIABLE, problem));
  }
}
