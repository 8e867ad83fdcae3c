package io.drover.local.api.write;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The 422 Invalid answer a real API server gives a refused object: message {@code
 * TrainingRun.drover.io "x" is invalid: spec.gpus: Invalid value: -1: ...}, and one cause per
 * field, which kubectl prints as {@code The TrainingRun "x" is invalid: ...}.
 */
public final class Invalid {

  /**
   * One refused field.
   *
   * @param reason e.g. FieldValueInvalid, FieldValueRequired
   * @param field the field path, e.g. {@code spec.gpus}
   * @param message e.g. {@code Invalid value: -1: should be greater than or equal to 0}
   */
  public record Cause(String reason, String field, String message) {}

  private Invalid() {}

  public static ApiException of(ResourceType type, String name, Cause... causes) {
    return of(type, name, List.of(causes));
  }

  public static ApiException of(ResourceType type, String name, List<Cause> causes) {
    String summary =
        causes.stream().map(c -> c.field() + ": " + c.message()).collect(Collectors.joining(", "));
    if (causes.size() > 1) {
      summary = "[" + summary + "]";
    }
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    details.put("name", name);
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.kind());
    ArrayNode list = details.putArray("causes");
    for (Cause cause : causes) {
      list.addObject()
          .put("reason", cause.reason())
          .put("message", cause.message())
          .put("field", cause.field());
    }
    return new ApiException(
        422, "Invalid", type.qualifiedKind() + " \"" + name + "\" is invalid: " + summary, details);
  }
}
