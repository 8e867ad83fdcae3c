package io.drover.e2e.support;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks an object against a CRD's structural OpenAPI v3 schema, for the subset Drover's CRDs use:
 * type, properties (unknown fields are errors, as with kubectl's default strict field validation),
 * additionalProperties, items, required, enum, minimum/maximum (with exclusive flags), maxLength,
 * minItems, pattern, int-or-string, and x-kubernetes-validations CEL rules (those that do not
 * compare with oldSelf, i.e. that apply on create). Not a full validator: formats, defaults and
 * pruning are not modelled.
 */
public final class SchemaChecker {
  private final Map<String, CelExpressions.Compiled> rules = new ConcurrentHashMap<>();

  /** One reason the object would be refused: where, and what the API server would say. */
  public record Violation(String path, String message) {
    @Override
    public String toString() {
      return path + ": " + message;
    }
  }

  public List<Violation> check(Map<String, Object> schema, Object value, String path) {
    List<Violation> out = new ArrayList<>();
    if (value != null) {
      walk(schema, value, path, out);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private void walk(Map<String, Object> schema, Object value, String path, List<Violation> out) {
    int before = out.size();
    boolean intOrString = Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"));
    String type = (String) schema.get("type");
    if (intOrString) {
      if (!(isInteger(value) || value instanceof String)) {
        out.add(new Violation(path, "must be an integer or a string, not " + describe(value)));
        return;
      }
    } else if (type != null && !hasType(type, value)) {
      out.add(new Violation(path, "must be of type " + type + ", not " + describe(value)));
      return;
    }

    List<Object> enumValues = (List<Object>) schema.get("enum");
    if (enumValues != null && !enumValues.contains(value)) {
      out.add(
          new Violation(
              path, "unsupported value " + quote(value) + ", must be one of " + enumValues));
    }
    if (value instanceof Number n && !(intOrString && value instanceof String)) {
      checkBounds(schema, new BigDecimal(n.toString()), path, out);
    }
    if (value instanceof String s) {
      Number maxLength = (Number) schema.get("maxLength");
      if (maxLength != null && s.length() > maxLength.intValue()) {
        out.add(
            new Violation(path, "may not be longer than " + maxLength.intValue() + " characters"));
      }
      String pattern = (String) schema.get("pattern");
      if (pattern != null && !Pattern.compile(pattern).matcher(s).find()) {
        out.add(new Violation(path, "must match " + pattern));
      }
    }
    if (value instanceof List<?> list) {
      Number minItems = (Number) schema.get("minItems");
      if (minItems != null && list.size() < minItems.intValue()) {
        out.add(new Violation(path, "must have at least " + minItems.intValue() + " items"));
      }
      Map<String, Object> items = (Map<String, Object>) schema.get("items");
      if (items != null) {
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i) == null) {
            out.add(new Violation(path + "[" + i + "]", "null items are not allowed"));
            continue;
          }
          walk(items, list.get(i), path + "[" + i + "]", out);
        }
      }
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> obj = (Map<String, Object>) map;
      for (String req : (List<String>) schema.getOrDefault("required", List.of())) {
        if (obj.get(req) == null) {
          out.add(new Violation(path + "." + req, "Required value"));
        }
      }
      Map<String, Object> props = (Map<String, Object>) schema.get("properties");
      Object additional = schema.get("additionalProperties");
      boolean preserveUnknown =
          Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
      for (Map.Entry<String, Object> e : obj.entrySet()) {
        if (e.getValue() == null) {
          continue; // the API server prunes nulls of non-nullable fields
        }
        String childPath = path + "." + e.getKey();
        if (props != null && props.containsKey(e.getKey())) {
          walk((Map<String, Object>) props.get(e.getKey()), e.getValue(), childPath, out);
        } else if (additional instanceof Map<?, ?> addSchema) {
          walk((Map<String, Object>) addSchema, e.getValue(), childPath, out);
        } else if (!preserveUnknown) {
          out.add(new Violation(childPath, "unknown field \"" + e.getKey() + "\""));
        }
      }
    }
    // Kubernetes runs a node's CEL rules only when its own schema checks pass.
    if (out.size() == before) {
      checkRules(schema, value, path, out);
    }
  }

  @SuppressWarnings("unchecked")
  private void checkRules(
      Map<String, Object> schema, Object value, String path, List<Violation> out) {
    List<Map<String, Object>> validations =
        (List<Map<String, Object>>) schema.getOrDefault("x-kubernetes-validations", List.of());
    List<String> seen = new ArrayList<>();
    for (Map<String, Object> v : validations) {
      String rule = (String) v.get("rule");
      if (rule.contains("oldSelf") || seen.contains(rule)) {
        continue; // transition rules apply to updates only; the generator repeats some rules
      }
      seen.add(rule);
      CelExpressions.Compiled compiled =
          rules.computeIfAbsent(rule, r -> CelExpressions.compile(r, "self"));
      Object self = typed(schema, value);
      boolean ok;
      try {
        ok = compiled.test(Map.of("self", self));
      } catch (RuntimeException e) {
        out.add(new Violation(path, "rule " + rule + " failed to evaluate: " + e.getMessage()));
        continue;
      }
      if (!ok) {
        out.add(
            new Violation(path, String.valueOf(v.getOrDefault("message", "failed rule: " + rule))));
      }
    }
  }

  /** The value as the API server hands it to CEL: numbers typed by the schema. */
  @SuppressWarnings("unchecked")
  static Object typed(Map<String, Object> schema, Object value) {
    if (schema == null) {
      return value;
    }
    String type = (String) schema.get("type");
    if ("number".equals(type) && value instanceof Number n) {
      return n.doubleValue();
    }
    if (("integer".equals(type) || schema.containsKey("x-kubernetes-int-or-string"))
        && value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> props = (Map<String, Object>) schema.get("properties");
      Object additional = schema.get("additionalProperties");
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            Map<String, Object> child =
                props != null && props.containsKey(k)
                    ? (Map<String, Object>) props.get(k)
                    : additional instanceof Map<?, ?> a ? (Map<String, Object>) a : null;
            out.put((String) k, typed(child, v));
          });
      return out;
    }
    if (value instanceof List<?> list) {
      Map<String, Object> items = (Map<String, Object>) schema.get("items");
      return list.stream().map(v -> typed(items, v)).toList();
    }
    return value;
  }

  private static void checkBounds(
      Map<String, Object> schema, BigDecimal n, String path, List<Violation> out) {
    Number min = (Number) schema.get("minimum");
    Number max = (Number) schema.get("maximum");
    boolean exMin = Boolean.TRUE.equals(schema.get("exclusiveMinimum"));
    boolean exMax = Boolean.TRUE.equals(schema.get("exclusiveMaximum"));
    if (min != null) {
      int c = n.compareTo(new BigDecimal(min.toString()));
      if (c < 0 || (exMin && c == 0)) {
        out.add(
            new Violation(
                path, "should be greater than " + (exMin ? "" : "or equal to ") + plain(min)));
      }
    }
    if (max != null) {
      int c = n.compareTo(new BigDecimal(max.toString()));
      if (c > 0 || (exMax && c == 0)) {
        out.add(
            new Violation(
                path, "should be less than " + (exMax ? "" : "or equal to ") + plain(max)));
      }
    }
  }

  private static boolean hasType(String type, Object value) {
    return switch (type) {
      case "object" -> value instanceof Map;
      case "array" -> value instanceof List;
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "integer" -> isInteger(value);
      case "number" -> value instanceof Number;
      default -> throw new IllegalArgumentException("schema type " + type + " is not supported");
    };
  }

  private static boolean isInteger(Object value) {
    return value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof BigInteger;
  }

  private static String describe(Object value) {
    String t =
        value instanceof Map
            ? "object"
            : value instanceof List
                ? "array"
                : value instanceof String
                    ? "string"
                    : value instanceof Boolean
                        ? "boolean"
                        : isInteger(value)
                            ? "integer"
                            : value instanceof Number ? "number" : value.getClass().getSimpleName();
    return t + " " + quote(value);
  }

  private static String quote(Object value) {
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }

  private static String plain(Number n) {
    return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
  }
}
