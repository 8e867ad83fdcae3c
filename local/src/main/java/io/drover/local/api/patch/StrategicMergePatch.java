package io.drover.local.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.status.ApiException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strategic merge patch for built-in kinds, as kubectl sends it on {@code apply} and plain {@code
 * patch}. It is a merge patch where lists of the well-known kinds merge element by element on their
 * merge key instead of being replaced: containers, init and ephemeral containers, env, volumes,
 * image pull secrets and resource claims by {@code name}; volume mounts by {@code mountPath};
 * volume devices by {@code devicePath}; container ports by {@code containerPort}, service ports by
 * {@code port}; conditions by {@code type}; owner references by {@code uid}; host aliases by {@code
 * ip}; topology spread constraints by {@code topologyKey}. Finalizers merge as a set. Every other
 * list is replaced. The directives {@code $patch} (replace, delete, merge), {@code $retainKeys},
 * {@code $setElementOrder/<list>} and {@code $deleteFromPrimitiveList/<list>} are honoured. The key
 * is chosen by field name, not by the Go type a real server consults; for the kinds the local API
 * serves the two agree.
 */
public final class StrategicMergePatch {

  private static final String PATCH = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String ELEMENT_ORDER = "$setElementOrder/";
  private static final String DELETE_FROM_PRIMITIVE = "$deleteFromPrimitiveList/";
  private static final Map<String, String> MERGE_KEYS =
      Map.ofEntries(
          Map.entry("containers", "name"),
          Map.entry("initContainers", "name"),
          Map.entry("ephemeralContainers", "name"),
          Map.entry("env", "name"),
          Map.entry("volumes", "name"),
          Map.entry("imagePullSecrets", "name"),
          Map.entry("resourceClaims", "name"),
          Map.entry("volumeMounts", "mountPath"),
          Map.entry("volumeDevices", "devicePath"),
          Map.entry("conditions", "type"),
          Map.entry("ownerReferences", "uid"),
          Map.entry("hostAliases", "ip"),
          Map.entry("topologySpreadConstraints", "topologyKey"));
  private static final Set<String> PRIMITIVE_SETS = Set.of("finalizers");

  private StrategicMergePatch() {}

  /** The target with the patch applied; neither argument is changed. */
  public static ObjectNode apply(ObjectNode target, JsonNode patch) {
    if (!patch.isObject()) {
      throw ApiException.badRequest("a strategic merge patch must be a JSON object");
    }
    return mergeObject(target.deepCopy(), (ObjectNode) patch);
  }

  private static ObjectNode mergeObject(ObjectNode target, ObjectNode patch) {
    String directive = patch.path(PATCH).asText("");
    if (directive.equals("replace")) {
      return strip(patch);
    }
    List<String> order = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> member = it.next();
      String key = member.getKey();
      JsonNode value = member.getValue();
      if (key.equals(PATCH) || key.equals(RETAIN_KEYS)) {
        continue;
      }
      if (key.startsWith(ELEMENT_ORDER)) {
        order.add(key);
        continue;
      }
      if (key.startsWith(DELETE_FROM_PRIMITIVE)) {
        deleteFromPrimitiveList(target, key.substring(DELETE_FROM_PRIMITIVE.length()), value);
        continue;
      }
      JsonNode current = target.get(key);
      if (value.isNull()) {
        target.remove(key);
      } else if (value.isObject() && current != null && current.isObject()) {
        target.set(key, mergeObject((ObjectNode) current, (ObjectNode) value));
      } else if (value.isArray() && current != null && current.isArray()) {
        target.set(key, mergeList(key, (ArrayNode) current, (ArrayNode) value));
      } else {
        target.set(key, strip(value));
      }
    }
    for (String key : order) {
      applyOrder(target, key.substring(ELEMENT_ORDER.length()), patch.get(key));
    }
    JsonNode retain = patch.get(RETAIN_KEYS);
    if (retain != null && retain.isArray()) {
      Set<String> keep = new HashSet<>();
      retain.forEach(k -> keep.add(k.asText()));
      target.retain(keep);
    }
    return target;
  }

  private static JsonNode mergeList(String field, ArrayNode current, ArrayNode patch) {
    if (PRIMITIVE_SETS.contains(field)) {
      ArrayNode result = current.deepCopy();
      for (JsonNode value : patch) {
        if (!contains(result, value)) {
          result.add(value);
        }
      }
      return result;
    }
    String mergeKey = mergeKey(field, current, patch);
    if (mergeKey == null) {
      return strip(patch);
    }
    for (JsonNode element : patch) {
      if (element.isObject() && "replace".equals(element.path(PATCH).asText())) {
        ArrayNode replaced = JsonNodeFactory.instance.arrayNode();
        patch.forEach(
            e -> {
              if (!(e.isObject() && e.has(PATCH))) {
                replaced.add(strip(e));
              }
            });
        return replaced;
      }
    }
    ArrayNode result = current.deepCopy();
    for (JsonNode element : patch) {
      if (!element.isObject() || !element.has(mergeKey)) {
        result.add(strip(element));
        continue;
      }
      int at = indexOf(result, mergeKey, element.get(mergeKey));
      if ("delete".equals(element.path(PATCH).asText())) {
        if (at >= 0) {
          result.remove(at);
        }
      } else if (at >= 0 && result.get(at).isObject()) {
        result.set(at, mergeObject((ObjectNode) result.get(at), (ObjectNode) element));
      } else {
        result.add(strip(element));
      }
    }
    return result;
  }

  private static String mergeKey(String field, ArrayNode current, ArrayNode patch) {
    if (field.equals("ports")) {
      for (ArrayNode list : List.of(current, patch)) {
        for (JsonNode element : list) {
          if (element.has("containerPort")) {
            return "containerPort";
          }
          if (element.has("port")) {
            return "port";
          }
        }
      }
      return null;
    }
    return MERGE_KEYS.get(field);
  }

  /** Orders a merged list as {@code $setElementOrder} says; elements it omits keep the end. */
  private static void applyOrder(ObjectNode target, String field, JsonNode order) {
    JsonNode list = target.get(field);
    if (list == null || !list.isArray() || order == null || !order.isArray()) {
      return;
    }
    ArrayNode remaining = ((ArrayNode) list).deepCopy();
    ArrayNode ordered = JsonNodeFactory.instance.arrayNode();
    for (JsonNode wanted : order) {
      for (int i = 0; i < remaining.size(); i++) {
        if (sameElement(remaining.get(i), wanted)) {
          ordered.add(remaining.remove(i));
          break;
        }
      }
    }
    ordered.addAll(remaining);
    target.set(field, ordered);
  }

  /** A primitive equals itself; a map matches the order entry that names its merge key value. */
  private static boolean sameElement(JsonNode element, JsonNode wanted) {
    if (!wanted.isObject()) {
      return element.equals(wanted);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> key = it.next();
      if (!key.getValue().equals(element.get(key.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static void deleteFromPrimitiveList(ObjectNode target, String field, JsonNode values) {
    JsonNode list = target.get(field);
    if (list == null || !list.isArray()) {
      return;
    }
    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
    list.forEach(
        v -> {
          if (!contains(values, v)) {
            kept.add(v);
          }
        });
    target.set(field, kept);
  }

  private static int indexOf(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      if (value.equals(list.get(i).get(key))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(JsonNode list, JsonNode value) {
    for (JsonNode element : list) {
      if (element.equals(value)) {
        return true;
      }
    }
    return false;
  }

  /** A copy without directives, for values that are set rather than merged. */
  @SuppressWarnings("unchecked")
  private static <T extends JsonNode> T strip(T value) {
    if (value.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      value
          .fields()
          .forEachRemaining(
              e -> {
                if (!e.getKey().startsWith("$")) {
                  copy.set(e.getKey(), strip(e.getValue()));
                }
              });
      return (T) copy;
    }
    if (value.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      value.forEach(e -> copy.add(strip(e)));
      return (T) copy;
    }
    return value;
  }
}
