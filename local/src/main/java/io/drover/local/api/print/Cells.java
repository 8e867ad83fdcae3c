package io.drover.local.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Cell values shared by the built-in columns: ages, counts, joined lists. */
final class Cells {

  private Cells() {}

  /** The age of an RFC 3339 timestamp as kubectl prints it; {@code <unknown>} when absent. */
  static String age(JsonNode timestamp, Instant now) {
    Instant then = instant(timestamp);
    return then == null ? "<unknown>" : Ages.human(Duration.between(then, now));
  }

  static Instant instant(JsonNode timestamp) {
    if (timestamp == null || !timestamp.isTextual() || timestamp.asText().isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(timestamp.asText());
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(timestamp.asText()).toInstant();
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  /** {@code a,b,c}; {@code <none>} for an empty list, as kubectl prints one. */
  static String joined(List<String> values) {
    return values.isEmpty() ? "<none>" : String.join(",", values);
  }

  /** The containers of a pod template (Deployment, ReplicaSet, Job) or a pod. */
  static List<String> containerField(JsonNode podSpec, String field) {
    List<String> values = new ArrayList<>();
    podSpec.path("containers").forEach(c -> values.add(c.path(field).asText()));
    return values;
  }

  /** A label selector ({@code matchLabels} and {@code matchExpressions}) as text. */
  static String selector(JsonNode selector) {
    List<String> terms = new ArrayList<>();
    selector
        .path("matchLabels")
        .fields()
        .forEachRemaining(e -> terms.add(e.getKey() + "=" + e.getValue().asText()));
    for (JsonNode expression : selector.path("matchExpressions")) {
      List<String> values = new ArrayList<>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      String key = expression.path("key").asText();
      switch (expression.path("operator").asText()) {
        case "In" -> terms.add(key + " in (" + String.join(",", values) + ")");
        case "NotIn" -> terms.add(key + " notin (" + String.join(",", values) + ")");
        case "Exists" -> terms.add(key);
        case "DoesNotExist" -> terms.add("!" + key);
        default -> {}
      }
    }
    return joined(terms);
  }

  static boolean hasCondition(JsonNode object, String type) {
    for (JsonNode condition : object.path("status").path("conditions")) {
      if (type.equals(condition.path("type").asText())
          && "True".equals(condition.path("status").asText())) {
        return true;
      }
    }
    return false;
  }
}
