package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A value of an update paired with the same value in the stored object, where Kubernetes can pair
 * them ({@code common.CorrelatedObject}): object fields by name, and items of {@code
 * x-kubernetes-list-type: map} lists by their keys; other list items have no partner.
 * kube-apiserver uses it for ratcheting (errors in an unchanged value are not reported, so an
 * object valid under an older schema can still be updated) and for CEL's {@code oldSelf}.
 */
final class Correlation {
  final JsonNode value;
  final JsonNode old;
  final Schema schema;
  private Boolean unchanged;
  private Map<String, JsonNode> oldItemsByKey;

  private Correlation(JsonNode value, JsonNode old, Schema schema) {
    this.value = value;
    this.old = old;
    this.schema = schema;
  }

  static Correlation of(JsonNode value, JsonNode old, Schema schema) {
    return new Correlation(value, old, schema);
  }

  /** The field {@code name} of both objects, or null when either lacks it or the schema does. */
  Correlation key(String name) {
    if (schema == null || !value.isObject() || old == null || !old.isObject()) {
      return null;
    }
    JsonNode v = value.get(name);
    JsonNode o = old.get(name);
    Schema field = schema.fieldSchema(name);
    if (v == null || o == null || field == null) {
      return null;
    }
    return new Correlation(v, o, field);
  }

  /** Item {@code i} and the stored item with the same list-map keys, or null. */
  Correlation index(int i) {
    if (schema == null || schema.items == null || !value.isArray() || old == null) {
      return null;
    }
    if (!old.isArray() || i >= value.size() || !isMapList(schema)) {
      return null;
    }
    JsonNode o = oldItem(value.get(i));
    return o == null ? null : new Correlation(value.get(i), o, schema.items);
  }

  /** The stored item a new list-map item is paired with: the first with the same keys. */
  JsonNode oldItem(JsonNode item) {
    if (oldItemsByKey == null) {
      oldItemsByKey = new HashMap<>();
      for (JsonNode o : old) {
        String key = mapKey(schema, o);
        if (key != null) {
          oldItemsByKey.putIfAbsent(key, o);
        }
      }
    }
    String key = mapKey(schema, item);
    return key == null ? null : oldItemsByKey.get(key);
  }

  /** Whether the value is unchanged from the stored one ({@code CachedDeepEqual}). */
  boolean unchanged() {
    if (unchanged == null) {
      unchanged = computeUnchanged();
    }
    return unchanged;
  }

  private boolean computeUnchanged() {
    boolean valueNull = value == null || value.isNull();
    boolean oldNull = old == null || old.isNull();
    if (valueNull || oldNull) {
      return valueNull && oldNull;
    }
    if (value.isArray() != old.isArray() || value.isObject() != old.isObject()) {
      return false;
    }
    if (value.isArray()) {
      if (value.size() != old.size()) {
        return false;
      }
      for (int i = 0; i < value.size(); i++) {
        Correlation child = index(i);
        if (child == null) {
          return !isMapList(schema) && deepEqual(value, old);
        }
        if (!child.unchanged()) {
          return false;
        }
      }
      return true;
    }
    if (value.isObject()) {
      if (value.size() != old.size()) {
        return false;
      }
      for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
        Correlation child = key(it.next());
        if (child == null || !child.unchanged()) {
          return false;
        }
      }
      return true;
    }
    return deepEqual(value, old);
  }

  static boolean isMapList(Schema s) {
    return s != null && "map".equals(s.listType);
  }

  /** The identity of a list-map item ({@code CompositeKeyFor}), or null if it has none. */
  static String mapKey(Schema list, JsonNode item) {
    if (!item.isObject() || list.listMapKeys.isEmpty()) {
      return null;
    }
    StringBuilder key = new StringBuilder();
    for (String k : list.listMapKeys) {
      JsonNode v = item.get(k);
      if (v == null) {
        return null;
      }
      if (v.isTextual()) {
        key.append("\0s").append(v.textValue());
      } else if (GoValues.isInt64(v)) {
        key.append("\0i").append(v.longValue());
      } else if (v.isNumber()) {
        key.append("\0f").append(v.doubleValue());
      } else if (v.isBoolean()) {
        key.append("\0b").append(v.booleanValue());
      } else {
        return null;
      }
    }
    return key.toString();
  }

  /**
   * Go's {@code reflect.DeepEqual} on decoded JSON: an int64 never equals a float64, objects and
   * arrays compare element by element.
   */
  static boolean deepEqual(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() || b.isNumber()) {
      if (!a.isNumber() || !b.isNumber()) {
        return false;
      }
      boolean ai = GoValues.isInt64(a);
      if (ai != GoValues.isInt64(b)) {
        return false;
      }
      return ai ? a.longValue() == b.longValue() : a.doubleValue() == b.doubleValue();
    }
    if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
      return false;
    }
    if (a.isArray()) {
      for (int i = 0; i < a.size(); i++) {
        if (!deepEqual(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!deepEqual(e.getValue(), b.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}
