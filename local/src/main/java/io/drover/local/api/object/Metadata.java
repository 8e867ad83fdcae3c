package io.drover.local.api.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes {@code metadata} of an API object held as a JSON tree. */
public final class Metadata {

  private Metadata() {}

  /** The object's metadata, created empty when absent. */
  public static ObjectNode of(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    if (metadata instanceof ObjectNode node) {
      return node;
    }
    return object.putObject("metadata");
  }

  public static String name(JsonNode object) {
    return object.path("metadata").path("name").asText("");
  }

  public static String namespace(JsonNode object) {
    return object.path("metadata").path("namespace").asText("");
  }

  public static String uid(JsonNode object) {
    return object.path("metadata").path("uid").asText("");
  }

  public static String resourceVersion(JsonNode object) {
    return object.path("metadata").path("resourceVersion").asText("");
  }

  /** The resource version as a number, 0 when absent or not a number. */
  public static long resourceVersionNumber(JsonNode object) {
    try {
      return Long.parseLong(resourceVersion(object));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public static boolean markedForDeletion(JsonNode object) {
    return !object.path("metadata").path("deletionTimestamp").asText("").isEmpty();
  }

  public static Map<String, String> labels(JsonNode object) {
    Map<String, String> labels = new LinkedHashMap<>();
    object
        .path("metadata")
        .path("labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  public static List<String> finalizers(JsonNode object) {
    List<String> finalizers = new ArrayList<>();
    object.path("metadata").path("finalizers").forEach(f -> finalizers.add(f.asText()));
    return finalizers;
  }

  /** Replaces the finalizers; an empty list removes the field, as a real API server stores it. */
  public static void setFinalizers(ObjectNode object, List<String> finalizers) {
    ObjectNode metadata = of(object);
    if (finalizers.isEmpty()) {
      metadata.remove("finalizers");
      return;
    }
    ArrayNode array = metadata.putArray("finalizers");
    finalizers.forEach(array::add);
  }

  /** The UIDs named by the object's ownerReferences. */
  public static List<String> ownerUids(JsonNode object) {
    List<String> uids = new ArrayList<>();
    object.path("metadata").path("ownerReferences").forEach(o -> uids.add(o.path("uid").asText()));
    return uids;
  }
}
