package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The invariants of {@code x-kubernetes-list-type: set} (no item twice) and {@code map} (no two
 * items with the same {@code x-kubernetes-list-map-keys}), reported as kube-apiserver does: {@code
 * spec.ports[1]: Duplicate value: {"name":"http"}} on the second of each repeated item.
 */
final class ListTypes {
  private ListTypes() {}

  static List<FieldError> validate(JsonNode object, Schema s) {
    List<FieldError> errors = new ArrayList<>();
    validateObject(FieldPath.ROOT, s, object, errors);
    return errors;
  }

  private static void validateObject(
      FieldPath path, Schema s, JsonNode obj, List<FieldError> errors) {
    if (s == null || !s.hasListTypes || obj == null || !obj.isObject()) {
      return;
    }
    if (s.additionalProperties != null) {
      obj.fields()
          .forEachRemaining(
              e ->
                  validateValue(
                      path.key(e.getKey()), s.additionalProperties, e.getValue(), errors));
    }
    if (s.properties != null) {
      obj.fields()
          .forEachRemaining(
              e -> {
                Schema prop = s.properties.get(e.getKey());
                if (prop != null) {
                  validateValue(path.child(e.getKey()), prop, e.getValue(), errors);
                }
              });
    }
  }

  private static void validateValue(FieldPath path, Schema s, JsonNode x, List<FieldError> errors) {
    if (!s.hasListTypes) {
      return;
    }
    if (x.isArray()) {
      validateArray(path, s, x, errors);
    } else if (x.isObject()) {
      validateObject(path, s, x, errors);
    }
  }

  private static void validateArray(
      FieldPath path, Schema s, JsonNode array, List<FieldError> errors) {
    if ("set".equals(s.listType)) {
      List<JsonNode> items = new ArrayList<>();
      array.forEach(items::add);
      for (int i : repeated(items)) {
        errors.add(FieldError.duplicate(path.index(i).toString(), array.get(i)));
      }
    } else if ("map".equals(s.listType)) {
      validateMapList(path, s, array, errors);
    }
    if (s.items != null) {
      for (int i = 0; i < array.size(); i++) {
        validateValue(path.index(i), s.items, array.get(i), errors);
      }
    }
  }

  private static void validateMapList(
      FieldPath path, Schema s, JsonNode array, List<FieldError> errors) {
    for (int i = 0; i < array.size(); i++) {
      JsonNode x = array.get(i);
      if (!x.isNull() && !x.isObject()) {
        errors.add(
            FieldError.invalid(
                path.index(i).toString(), x, "must be an object for an array of list-type map"));
        return;
      }
    }
    if (array.size() <= 1) {
      return;
    }
    List<JsonNode> comparable = new ArrayList<>();
    for (JsonNode x : array) {
      ObjectNode key = JsonNodeFactory.instance.objectNode();
      if (!x.isNull()) {
        for (String k : s.listMapKeys) {
          if (x.has(k)) {
            key.set(k, x.get(k));
          }
        }
      }
      comparable.add(key);
    }
    for (int i : repeated(comparable)) {
      errors.add(FieldError.duplicate(path.index(i).toString(), comparable.get(i)));
    }
  }

  /** The index of the second occurrence of each repeated value ({@code validateListSet}). */
  private static List<Integer> repeated(List<JsonNode> items) {
    List<Integer> second = new ArrayList<>();
    if (items.size() <= 1) {
      return second;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String identity = identity(items.get(i));
      int times = seen.merge(identity, 1, Integer::sum);
      if (times == 2) {
        second.add(i);
      }
    }
    return second;
  }

  /** Equal decoded JSON values (an int64 differs from a float64) map to equal strings. */
  private static String identity(JsonNode v) {
    if (v.isObject() || v.isArray()) {
      return "c" + GoValues.json(v);
    }
    if (GoValues.isInt64(v)) {
      return "i" + v.longValue();
    }
    if (v.isNumber()) {
      return "f" + v.doubleValue();
    }
    return v.getNodeType().name() + v.asText();
  }
}
