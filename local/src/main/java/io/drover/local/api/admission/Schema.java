package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of a CRD's structural schema (the OpenAPI v3 subset apiextensions.k8s.io/v1 allows),
 * read once from the CRD. The same class holds the value-validation-only schemas nested under
 * allOf/anyOf/oneOf/not.
 */
final class Schema {
  /** Formats kube-apiserver validates on strings (go-openapi names, dashes removed). */
  private static final Set<String> STRING_FORMATS =
      Set.of(
          "bsonobjectid",
          "uri",
          "email",
          "hostname",
          "ipv4",
          "ipv6",
          "cidr",
          "mac",
          "uuid",
          "uuid3",
          "uuid4",
          "uuid5",
          "isbn",
          "isbn10",
          "isbn13",
          "creditcard",
          "ssn",
          "hexcolor",
          "rgbcolor",
          "byte",
          "password",
          "date",
          "duration",
          "datetime",
          "k8sshortname",
          "k8slongname");

  final String type;
  final boolean nullable;

  /** Null when the schema has no {@code properties}; kube tells "none" from "empty" apart. */
  final Map<String, Schema> properties;

  final Schema additionalProperties;

  /** {@code additionalProperties: true|false} without a schema; null when absent or a schema. */
  final Boolean additionalPropertiesAllowed;

  final Schema items;
  final List<String> required;
  final List<JsonNode> enumValues;
  final Double maximum;
  final boolean exclusiveMaximum;
  final Double minimum;
  final boolean exclusiveMinimum;
  final Double multipleOf;
  final Long maxLength;
  final Long minLength;
  final String pattern;
  final Pattern compiledPattern;
  final Long maxItems;
  final Long minItems;
  final boolean uniqueItems;
  final Long maxProperties;
  final Long minProperties;

  /** The types kube-openapi checks: x-kubernetes-int-or-string means integer or string. */
  private final List<String> validatorTypes;

  /** Whether this node or one below is a set or map list, or an embedded resource. */
  final boolean hasListTypes;

  final boolean hasEmbeddedResources;

  /** Whether kube-openapi's format registry validates {@link #validatedFormat}. */
  final boolean knownFormat;

  /** The format as written; CEL types strings by it. */
  final String format;

  /** The format kube-openapi validates: unsupported formats stripped, as kube-apiserver does. */
  final String validatedFormat;

  final JsonNode defaultValue;
  final boolean intOrString;
  final boolean preserveUnknownFields;
  final boolean embeddedResource;
  final String listType;
  final List<String> listMapKeys;
  final String mapType;
  final List<ValidationRule> rules;
  final List<Schema> allOf;
  final List<Schema> anyOf;
  final List<Schema> oneOf;
  final Schema not;

  /** {@link #withTypeAndObjectMeta()}, computed once (a race only computes it twice). */
  private Schema asResource;

  /** A CEL rule from {@code x-kubernetes-validations}. */
  record ValidationRule(
      String rule,
      String message,
      String messageExpression,
      String reason,
      String fieldPath,
      boolean optionalOldSelf) {}

  private Schema(JsonNode node) {
    type = text(node, "type", "");
    nullable = node.path("nullable").asBoolean(false);
    JsonNode props = node.get("properties");
    if (props != null && props.isObject()) {
      Map<String, Schema> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        map.put(e.getKey(), new Schema(e.getValue()));
      }
      properties = Collections.unmodifiableMap(map);
    } else {
      properties = null;
    }
    JsonNode additional = node.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      additionalProperties = new Schema(additional);
      additionalPropertiesAllowed = null;
    } else {
      additionalProperties = null;
      additionalPropertiesAllowed = additional != null ? additional.asBoolean() : null;
    }
    items = node.has("items") ? new Schema(node.get("items")) : null;
    required = strings(node.get("required"));
    JsonNode enumNode = node.get("enum");
    if (enumNode != null && enumNode.isArray()) {
      List<JsonNode> values = new ArrayList<>();
      enumNode.forEach(values::add);
      enumValues = List.copyOf(values);
    } else {
      enumValues = List.of();
    }
    maximum = number(node, "maximum");
    exclusiveMaximum = node.path("exclusiveMaximum").asBoolean(false);
    minimum = number(node, "minimum");
    exclusiveMinimum = node.path("exclusiveMinimum").asBoolean(false);
    multipleOf = number(node, "multipleOf");
    maxLength = integer(node, "maxLength");
    minLength = integer(node, "minLength");
    pattern = text(node, "pattern", "");
    if (!pattern.isEmpty()) {
      try {
        compiledPattern = Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "pattern "
                + GoValues.quote(pattern)
                + " is not a valid regular expression: "
                + e.getMessage(),
            e);
      }
    } else {
      compiledPattern = null;
    }
    maxItems = integer(node, "maxItems");
    minItems = integer(node, "minItems");
    uniqueItems = node.path("uniqueItems").asBoolean(false);
    maxProperties = integer(node, "maxProperties");
    minProperties = integer(node, "minProperties");
    format = text(node, "format", "");
    defaultValue = node.get("default");
    intOrString = node.path("x-kubernetes-int-or-string").asBoolean(false);
    preserveUnknownFields = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    embeddedResource = node.path("x-kubernetes-embedded-resource").asBoolean(false);
    listType = text(node, "x-kubernetes-list-type", "");
    listMapKeys = strings(node.get("x-kubernetes-list-map-keys"));
    mapType = text(node, "x-kubernetes-map-type", "");
    List<ValidationRule> ruleList = new ArrayList<>();
    JsonNode validations = node.get("x-kubernetes-validations");
    if (validations != null) {
      for (JsonNode v : validations) {
        ruleList.add(
            new ValidationRule(
                text(v, "rule", ""),
                text(v, "message", ""),
                text(v, "messageExpression", ""),
                text(v, "reason", ""),
                text(v, "fieldPath", ""),
                v.path("optionalOldSelf").asBoolean(false)));
      }
    }
    rules = List.copyOf(ruleList);
    allOf = schemas(node.get("allOf"));
    anyOf = schemas(node.get("anyOf"));
    oneOf = schemas(node.get("oneOf"));
    not = node.has("not") ? new Schema(node.get("not")) : null;
    validatorTypes =
        intOrString ? List.of("integer", "string") : type.isEmpty() ? List.of() : List.of(type);
    validatedFormat = supportedFormat(validatorTypes, format);
    knownFormat = StringFormats.isKnown(validatedFormat);
    List<Schema> children = new ArrayList<>();
    if (properties != null) {
      children.addAll(properties.values());
    }
    if (additionalProperties != null) {
      children.add(additionalProperties);
    }
    if (items != null) {
      children.add(items);
    }
    hasListTypes =
        listType.equals("set")
            || listType.equals("map")
            || children.stream().anyMatch(c -> c.hasListTypes);
    hasEmbeddedResources =
        embeddedResource || children.stream().anyMatch(c -> c.hasEmbeddedResources);
  }

  private Schema(Schema s, Map<String, Schema> properties) {
    type = s.type;
    nullable = s.nullable;
    this.properties = Collections.unmodifiableMap(properties);
    additionalProperties = s.additionalProperties;
    additionalPropertiesAllowed = s.additionalPropertiesAllowed;
    items = s.items;
    required = s.required;
    enumValues = s.enumValues;
    maximum = s.maximum;
    exclusiveMaximum = s.exclusiveMaximum;
    minimum = s.minimum;
    exclusiveMinimum = s.exclusiveMinimum;
    multipleOf = s.multipleOf;
    maxLength = s.maxLength;
    minLength = s.minLength;
    pattern = s.pattern;
    compiledPattern = s.compiledPattern;
    maxItems = s.maxItems;
    minItems = s.minItems;
    uniqueItems = s.uniqueItems;
    maxProperties = s.maxProperties;
    minProperties = s.minProperties;
    format = s.format;
    validatedFormat = s.validatedFormat;
    validatorTypes = s.validatorTypes;
    knownFormat = s.knownFormat;
    hasListTypes = s.hasListTypes;
    hasEmbeddedResources = s.hasEmbeddedResources;
    defaultValue = s.defaultValue;
    intOrString = s.intOrString;
    preserveUnknownFields = s.preserveUnknownFields;
    embeddedResource = s.embeddedResource;
    listType = s.listType;
    listMapKeys = s.listMapKeys;
    mapType = s.mapType;
    rules = s.rules;
    allOf = s.allOf;
    anyOf = s.anyOf;
    oneOf = s.oneOf;
    not = s.not;
  }

  static Schema parse(JsonNode node) {
    return new Schema(node == null ? JsonNodeFactory.instance.objectNode() : node);
  }

  /** The types kube-openapi checks: x-kubernetes-int-or-string means integer or string. */
  List<String> validatorTypes() {
    return validatorTypes;
  }

  /**
   * The schema as CEL sees a resource (the root, or an embedded resource): with {@code kind},
   * {@code apiVersion} and {@code metadata.name}/{@code generateName}, whatever it declares ({@code
   * WithTypeAndObjectMeta}).
   */
  Schema withTypeAndObjectMeta() {
    Schema view = asResource;
    if (view == null) {
      view = computeWithTypeAndObjectMeta();
      asResource = view;
    }
    return view;
  }

  private Schema computeWithTypeAndObjectMeta() {
    if (properties != null
        && isString(properties.get("kind"))
        && isString(properties.get("apiVersion"))
        && properties.get("metadata") != null
        && "object".equals(properties.get("metadata").type)
        && properties.get("metadata").properties != null
        && isString(properties.get("metadata").properties.get("name"))
        && isString(properties.get("metadata").properties.get("generateName"))) {
      return this;
    }
    Map<String, Schema> props = new LinkedHashMap<>();
    if (properties != null) {
      props.putAll(properties);
    }
    ObjectNode string = JsonNodeFactory.instance.objectNode().put("type", "string");
    ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("type", "object");
    metadata.putObject("properties").set("name", string);
    ((ObjectNode) metadata.get("properties")).set("generateName", string);
    props.put("kind", parse(string));
    props.put("apiVersion", parse(string));
    props.put("metadata", parse(metadata));
    return new Schema(this, props);
  }

  private static boolean isString(Schema s) {
    return s != null && "string".equals(s.type);
  }

  /** The schema of a map entry or object field named {@code key}, or null. */
  Schema fieldSchema(String key) {
    if (properties != null && properties.containsKey(key)) {
      return properties.get(key);
    }
    return additionalProperties;
  }

  /**
   * Whether this node or one below has CEL rules ({@code hasXValidations}); rules only under allOf
   * do not count, as kube-apiserver then runs none.
   */
  boolean hasRules() {
    if (!rules.isEmpty()) {
      return true;
    }
    if (items != null && items.hasRules()) {
      return true;
    }
    if (additionalProperties != null && additionalProperties.hasRules()) {
      return true;
    }
    if (properties != null) {
      for (Schema s : properties.values()) {
        if (s.hasRules()) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code StripUnsupportedFormatsPostProcessor}: formats kube-apiserver would ignore. */
  private static String supportedFormat(List<String> types, String format) {
    if (format.isEmpty()) {
      return "";
    }
    String schemaType = types.size() == 1 ? types.get(0) : "";
    return switch (schemaType) {
      case "", "string" -> STRING_FORMATS.contains(format.replace("-", "")) ? format : "";
      case "integer" -> format.equals("int32") || format.equals("int64") ? format : "";
      case "number" -> format.equals("float") || format.equals("double") ? format : "";
      default -> "";
    };
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.textValue() : fallback;
  }

  private static Double number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? v.doubleValue() : null;
  }

  private static Long integer(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? v.longValue() : null;
  }

  private static List<String> strings(JsonNode node) {
    if (node == null || !node.isArray()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return List.copyOf(out);
  }

  private static List<Schema> schemas(JsonNode node) {
    if (node == null || !node.isArray()) {
      return List.of();
    }
    List<Schema> out = new ArrayList<>();
    node.forEach(n -> out.add(new Schema(n)));
    return List.copyOf(out);
  }
}
