package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * JSON values as CEL sees them in a rule, typed by the schema as Kubernetes types them ({@code
 * UnstructuredToVal}): objects and maps are read-only map views that convert fields when a rule
 * reads them, so a rule pays only for what it touches.
 */
final class CelValues {
  private CelValues() {}

  /** A value the schema does not allow where a rule reads it. */
  static final class InvalidData extends RuntimeException {
    InvalidData(String message) {
      super(message);
    }
  }

  static Object of(JsonNode v, Schema s) {
    if (v == null || v.isNull()) {
      if (s.nullable) {
        return NullValue.NULL_VALUE;
      }
      throw new InvalidData("invalid data, got null for schema with nullable=false");
    }
    if (s.intOrString) {
      if (v.isTextual()) {
        return v.textValue();
      }
      if (GoValues.isInt64(v)) {
        return v.longValue();
      }
      throw new InvalidData(
          "invalid data, expected XIntOrString value to be either a string or integer");
    }
    switch (s.type) {
      case "object" -> {
        if (!v.isObject()) {
          throw new InvalidData(
              "invalid data, expected a map for the provided schema with type=object");
        }
        if (s.embeddedResource || s.properties != null) {
          return new ObjectView(v, s.embeddedResource ? s.withTypeAndObjectMeta() : s);
        }
        if (s.additionalProperties != null) {
          return new MapView(v, s.additionalProperties);
        }
        return new ObjectView(v, s);
      }
      case "array" -> {
        if (!v.isArray()) {
          throw new InvalidData(
              "invalid data, expected an array for the provided schema with type=array");
        }
        if (s.items == null) {
          throw new InvalidData("invalid array type, expected Items with a non-empty Schema");
        }
        return new ListView(v, s.items);
      }
      case "string" -> {
        if (!v.isTextual()) {
          throw new InvalidData("invalid data, expected string, got " + goType(v));
        }
        return string(v.textValue(), s.format);
      }
      case "number" -> {
        if (!v.isNumber()) {
          throw new InvalidData("invalid data, expected float, got " + goType(v));
        }
        return v.doubleValue();
      }
      case "integer" -> {
        if (!GoValues.isInt64(v)) {
          throw new InvalidData("invalid data, expected int, got " + goType(v));
        }
        return v.longValue();
      }
      case "boolean" -> {
        if (!v.isBoolean()) {
          throw new InvalidData("invalid data, expected bool, got " + goType(v));
        }
        return v.booleanValue();
      }
      default -> {
        if (s.preserveUnknownFields) {
          return raw(v);
        }
        throw new InvalidData(
            "invalid type, expected object, array, number, integer, boolean or string, or no type"
                + " with x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields is"
                + " true, got "
                + s.type);
      }
    }
  }

  private static Object string(String str, String format) {
    switch (format) {
      case "duration" -> {
        try {
          return GoDuration.parseLenient(str);
        } catch (IllegalArgumentException e) {
          throw new InvalidData("Invalid duration " + str + ": " + e.getMessage());
        }
      }
      case "date" -> {
        try {
          return LocalDate.parse(str).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
          throw new InvalidData("Invalid date formatted string " + str + ": " + e.getMessage());
        }
      }
      case "date-time" -> {
        try {
          return StringFormats.parseDateTime(str);
        } catch (RuntimeException e) {
          throw new InvalidData(
              "Invalid date-time formatted string " + str + ": " + e.getMessage());
        }
      }
      case "byte" -> {
        try {
          // strfmt decodes with the URL alphabet, though it validates the standard one.
          return CelByteString.of(Base64.getUrlDecoder().decode(str));
        } catch (IllegalArgumentException e) {
          throw new InvalidData("Invalid byte formatted string " + str + ": " + e.getMessage());
        }
      }
      default -> {
        return str;
      }
    }
  }

  /** A value under x-kubernetes-preserve-unknown-fields without a type: plain CEL values. */
  private static Object raw(JsonNode v) {
    if (v.isNull()) {
      return NullValue.NULL_VALUE;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (GoValues.isInt64(v)) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isArray()) {
      List<Object> out = new ArrayList<>(v.size());
      v.forEach(item -> out.add(raw(item)));
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    v.fields().forEachRemaining(e -> out.put(e.getKey(), raw(e.getValue())));
    return out;
  }

  private static String goType(JsonNode v) {
    if (v.isTextual()) {
      return "string";
    }
    if (GoValues.isInt64(v)) {
      return "int64";
    }
    if (v.isNumber()) {
      return "float64";
    }
    if (v.isBoolean()) {
      return "bool";
    }
    if (v.isArray()) {
      return "[]interface {}";
    }
    return "map[string]interface {}";
  }

  /**
   * An object with properties: its declared, non-null fields under their escaped names. Its size
   * counts every field, as Kubernetes' does.
   */
  static final class ObjectView extends AbstractMap<String, Object> {
    private final JsonNode node;
    private final Schema schema;

    ObjectView(JsonNode node, Schema schema) {
      this.node = node;
      this.schema = schema;
    }

    private String field(Object key) {
      if (!(key instanceof String escaped) || schema.properties == null) {
        return null;
      }
      String name = CelEscaping.unescape(escaped).orElse(null);
      if (name == null || !schema.properties.containsKey(name)) {
        return null;
      }
      JsonNode v = node.get(name);
      return v == null || v.isNull() ? null : name;
    }

    @Override
    public boolean containsKey(Object key) {
      return field(key) != null;
    }

    @Override
    public Object get(Object key) {
      String name = field(key);
      return name == null ? null : of(node.get(name), schema.properties.get(name));
    }

    @Override
    public int size() {
      return node.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      Map<String, Object> visible = new LinkedHashMap<>();
      if (schema.properties != null) {
        node.fieldNames()
            .forEachRemaining(
                name -> {
                  JsonNode v = node.get(name);
                  Schema prop = schema.properties.get(name);
                  if (prop != null && !v.isNull()) {
                    CelEscaping.escape(name).ifPresent(e -> visible.put(e, of(v, prop)));
                  }
                });
      }
      return visible.entrySet();
    }
  }

  /** An object with additionalProperties: a map from its keys to converted values. */
  static final class MapView extends AbstractMap<String, Object> {
    private final JsonNode node;
    private final Schema values;

    MapView(JsonNode node, Schema values) {
      this.node = node;
      this.values = values;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String k && node.has(k);
    }

    @Override
    public Object get(Object key) {
      return key instanceof String k && node.has(k) ? of(node.get(k), values) : null;
    }

    @Override
    public int size() {
      return node.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, Object>> iterator() {
          Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return fields.hasNext();
            }

            @Override
            public Entry<String, Object> next() {
              if (!fields.hasNext()) {
                throw new NoSuchElementException();
              }
              Map.Entry<String, JsonNode> e = fields.next();
              return new SimpleImmutableEntry<>(e.getKey(), of(e.getValue(), values));
            }
          };
        }

        @Override
        public int size() {
          return node.size();
        }
      };
    }
  }

  /** A list whose items convert when read. */
  static final class ListView extends AbstractList<Object> {
    private final JsonNode node;
    private final Schema items;

    ListView(JsonNode node, Schema items) {
      this.node = node;
      this.items = items;
    }

    @Override
    public Object get(int index) {
      return of(node.get(index), items);
    }

    @Override
    public int size() {
      return node.size();
    }
  }
}
