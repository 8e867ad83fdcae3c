package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Applies schema defaults as kube-apiserver does after decoding, on every create and update ({@code
 * structuraldefaulting.Default}): a missing field, or a null one the schema does not let be null,
 * takes its default; defaults are copied, and defaulted objects are defaulted in turn.
 */
final class Defaulting {
  private Defaulting() {}

  static void apply(JsonNode x, Schema s) {
    if (s == null) {
      return;
    }
    if (x instanceof ObjectNode object) {
      if (s.properties != null) {
        for (Map.Entry<String, Schema> e : s.properties.entrySet()) {
          Schema prop = e.getValue();
          if (prop.defaultValue == null || prop.defaultValue.isNull()) {
            continue;
          }
          JsonNode current = object.get(e.getKey());
          if (current == null || (current.isNull() && !prop.nullable)) {
            object.set(e.getKey(), prop.defaultValue.deepCopy());
          }
        }
      }
      for (String k : Pruning.fieldNames(object)) {
        Schema prop = s.properties != null ? s.properties.get(k) : null;
        if (prop != null) {
          apply(object.get(k), prop);
        } else if (s.additionalProperties != null) {
          Schema values = s.additionalProperties;
          if (isNonNullableNull(object.get(k), values) && values.defaultValue != null) {
            object.set(k, values.defaultValue.deepCopy());
          }
          apply(object.get(k), values);
        }
      }
    } else if (x instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (isNonNullableNull(array.get(i), s.items) && s.items.defaultValue != null) {
          array.set(i, s.items.defaultValue.deepCopy());
        }
        apply(array.get(i), s.items);
      }
    }
  }

  private static boolean isNonNullableNull(JsonNode x, Schema s) {
    return x.isNull() && s != null && !s.nullable;
  }
}
