package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Drops what the schema does not declare, as kube-apiserver's decoder does before anything else
 * ({@code pruning.PruneWithOptions} and {@code PruneNonNullableNullsWithoutDefaults}). Pruning
 * follows the schema's shape only, not its types; values are checked later.
 */
final class Pruning {
  private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private final List<String> unknownPaths;

  private Pruning(boolean track) {
    this.unknownPaths = track ? new ArrayList<>() : null;
  }

  /**
   * Removes unknown fields from a resource (its apiVersion, kind and metadata are left to the
   * metadata coercion). Returns the removed fields' paths, sorted, when {@code track} is set.
   */
  static List<String> pruneResource(ObjectNode resource, Schema root, boolean track) {
    Pruning pruning = new Pruning(track);
    pruning.prune(resource, root, true, "");
    if (!track) {
      return List.of();
    }
    Collections.sort(pruning.unknownPaths);
    return pruning.unknownPaths;
  }

  private void prune(JsonNode x, Schema s, boolean embedded, String path) {
    if (s != null && s.preserveUnknownFields) {
      skipPrune(x, s, embedded, path);
      return;
    }
    if (x instanceof ObjectNode object) {
      for (String k : fieldNames(object)) {
        if (s == null) {
          record(path, k);
          object.remove(k);
          continue;
        }
        if (embedded && META_FIELDS.contains(k)) {
          continue;
        }
        Schema prop = s.properties != null ? s.properties.get(k) : null;
        if (prop != null) {
          prune(object.get(k), prop, prop.embeddedResource, key(path, k));
        } else if (s.additionalProperties != null || s.additionalPropertiesAllowed != null) {
          Schema values = s.additionalProperties;
          prune(object.get(k), values, values != null && values.embeddedResource, key(path, k));
        } else {
          if (!META_FIELDS.contains(k) || !path.isEmpty()) {
            record(path, k);
          }
          object.remove(k);
        }
      }
    } else if (x instanceof ArrayNode array) {
      Schema items = s == null ? null : s.items;
      for (int i = 0; i < array.size(); i++) {
        prune(array.get(i), items, items != null && items.embeddedResource, path + "[" + i + "]");
      }
    }
  }

  /** Under x-kubernetes-preserve-unknown-fields: keep unknown fields, prune declared ones. */
  private void skipPrune(JsonNode x, Schema s, boolean embedded, String path) {
    if (s == null) {
      return;
    }
    if (x instanceof ObjectNode object) {
      for (String k : fieldNames(object)) {
        if (embedded && META_FIELDS.contains(k)) {
          continue;
        }
        Schema prop = s.properties != null ? s.properties.get(k) : null;
        if (prop != null) {
          prune(object.get(k), prop, prop.embeddedResource, key(path, k));
        } else if (s.additionalProperties != null || s.additionalPropertiesAllowed != null) {
          Schema values = s.additionalProperties;
          prune(object.get(k), values, values != null && values.embeddedResource, key(path, k));
        }
      }
    } else if (x instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        Schema items = s.items;
        skipPrune(
            array.get(i), items, items != null && items.embeddedResource, path + "[" + i + "]");
      }
    }
  }

  /** Removes nulls the schema neither allows (nullable) nor defaults, from objects and maps. */
  static void pruneNonNullableNulls(JsonNode x, Schema s) {
    if (x instanceof ObjectNode object) {
      for (String k : fieldNames(object)) {
        Schema field = s == null ? null : s.fieldSchema(k);
        JsonNode v = object.get(k);
        if (v.isNull() && field != null && !field.nullable && field.defaultValue == null) {
          object.remove(k);
        } else {
          pruneNonNullableNulls(v, field);
        }
      }
    } else if (x instanceof ArrayNode array) {
      Schema items = s == null ? null : s.items;
      array.forEach(v -> pruneNonNullableNulls(v, items));
    }
  }

  private void record(String path, String k) {
    if (unknownPaths != null) {
      unknownPaths.add(key(path, k));
    }
  }

  private static String key(String path, String k) {
    return path.isEmpty() ? k : path + "." + k;
  }

  static List<String> fieldNames(ObjectNode object) {
    List<String> names = new ArrayList<>(object.size());
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
