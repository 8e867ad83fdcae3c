package io.drover.local.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Json;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * The scale subresource: an {@code autoscaling/v1 Scale} view of {@code spec.replicas}, {@code
 * status.replicas} and the label selector, as {@code kubectl scale} and autoscalers use it.
 */
final class Scales {

  private Scales() {}

  static ObjectNode of(ResourceType type, ObjectNode object) {
    if (!type.hasScale()) {
      throw ApiException.badRequest(type.qualifiedPlural() + " have no scale subresource");
    }
    ObjectNode scale = Json.MAPPER.createObjectNode();
    scale.put("kind", "Scale");
    scale.put("apiVersion", "autoscaling/v1");
    ObjectNode metadata = scale.putObject("metadata");
    for (String field :
        List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      JsonNode value = object.path("metadata").get(field);
      if (value != null) {
        metadata.set(field, value.deepCopy());
      }
    }
    scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(0));
    ObjectNode status = scale.putObject("status");
    status.put("replicas", object.path("status").path("replicas").asInt(0));
    String selector = selector(object.path("spec").path("selector"));
    if (!selector.isEmpty()) {
      status.put("selector", selector);
    }
    return scale;
  }

  /** The object with the replicas a Scale asks for. */
  static ObjectNode apply(ResourceType type, ObjectNode object, ObjectNode scale) {
    JsonNode replicas = scale.path("spec").path("replicas");
    if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
      throw Invalid.of(
          type,
          Metadata.name(object),
          new Invalid.Cause(
              "FieldValueInvalid",
              "spec.replicas",
              "Invalid value: " + replicas + ": must be greater than or equal to 0"));
    }
    ObjectNode updated = object.deepCopy();
    updated.with("spec").put("replicas", replicas.asInt());
    Metadata.of(updated).put("resourceVersion", Metadata.resourceVersion(object));
    return updated;
  }

  private static String selector(JsonNode selector) {
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
    return String.join(",", terms);
  }
}
