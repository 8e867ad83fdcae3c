package io.drover.local.api.write;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.drover.local.api.admission.FieldValidation;
import io.drover.local.api.object.Json;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unknown fields in objects of built-in kinds, found against the Fabric8 model of the kind (the
 * same fields as the Kubernetes API types): under Strict validation they are refused as a real API
 * server's strict decoding refuses them; otherwise they are dropped, as decoding into the API types
 * drops them, with a warning under Warn.
 */
final class BuiltInFields {

  /** A field the kind does not have, and where it sits. */
  private record Unknown(ObjectNode parent, String field, String path) {}

  private static final ObjectMapper MAPPER = Serialization.jsonMapper();
  private static final Map<String, JavaType> KINDS = new ConcurrentHashMap<>();
  private static final Map<JavaType, Map<String, JavaType>> PROPERTIES = new ConcurrentHashMap<>();

  private BuiltInFields() {}

  /**
   * Drops (or, under Strict, refuses) the fields of {@code object} that its built-in kind does not
   * have.
   *
   * @param patch whether the object is the result of a PATCH, whose refusal a real server words as
   *     an invalid patch (422) rather than an undecodable body (400)
   * @return warnings to send, under Warn
   * @throws ApiException under Strict when there are unknown fields
   */
  static List<String> admit(
      ResourceType type, ObjectNode object, FieldValidation validation, boolean patch) {
    JavaType javaType = javaType(type);
    if (javaType == null) {
      return List.of();
    }
    List<Unknown> unknown = new ArrayList<>();
    walk(object, javaType, "", unknown);
    if (unknown.isEmpty()) {
      return List.of();
    }
    List<String> messages =
        unknown.stream().map(u -> "unknown field \"" + u.path() + "\"").toList();
    if (validation == FieldValidation.STRICT) {
      String strict = "strict decoding error: " + String.join(", ", messages);
      if (patch) {
        throw invalidPatch(object, strict);
      }
      throw ApiException.badRequest(
          type.kind()
              + " in version \""
              + type.version()
              + "\" cannot be handled as a "
              + type.kind()
              + ": "
              + strict);
    }
    unknown.forEach(u -> u.parent().remove(u.field()));
    return validation == FieldValidation.WARN ? messages : List.of();
  }

  /** A real server's answer to a patch whose result has unknown fields: 422 on field "patch". */
  private static ApiException invalidPatch(ObjectNode patched, String strict) {
    String cause =
        "Invalid value: " + Json.write(TextNode.valueOf(Json.write(patched))) + ": " + strict;
    ObjectNode details = Json.MAPPER.createObjectNode();
    details.put("name", "").put("group", "").put("kind", "");
    details
        .putArray("causes")
        .addObject()
        .put("reason", "FieldValueInvalid")
        .put("message", cause)
        .put("field", "patch");
    return new ApiException(422, "Invalid", " \"\" is invalid: patch: " + cause, details);
  }

  private static void walk(JsonNode node, JavaType type, String path, List<Unknown> unknown) {
    if (node == null || node.isNull()) {
      return;
    }
    if (type.isMapLikeType()) {
      if (node.isObject()) {
        node.fields()
            .forEachRemaining(
                e -> walk(e.getValue(), type.getContentType(), join(path, e.getKey()), unknown));
      }
      return;
    }
    if (type.isCollectionLikeType() || type.isArrayType()) {
      if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          walk(node.get(i), type.getContentType(), path + "[" + i + "]", unknown);
        }
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    Map<String, JavaType> properties = properties(type);
    if (properties.isEmpty()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JavaType fieldType = properties.get(field.getKey());
      String fieldPath = join(path, field.getKey());
      if (fieldType == null) {
        unknown.add(new Unknown((ObjectNode) node, field.getKey(), fieldPath));
      } else {
        walk(field.getValue(), fieldType, fieldPath, unknown);
      }
    }
  }

  /**
   * The JSON properties of a model class; none for classes read by a custom deserializer
   * (IntOrString, Quantity) or holding arbitrary content (JsonNode, Object, FieldsV1).
   */
  private static Map<String, JavaType> properties(JavaType type) {
    return PROPERTIES.computeIfAbsent(
        type,
        t -> {
          Class<?> raw = t.getRawClass();
          if (!raw.getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return Map.of();
          }
          DeserializationConfig config = MAPPER.getDeserializationConfig();
          BeanDescription description = config.introspect(t);
          if (config.getAnnotationIntrospector().findDeserializer(description.getClassInfo())
              != null) {
            return Map.of();
          }
          Map<String, JavaType> properties = new HashMap<>();
          for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.hasSetter() || property.hasField() || property.hasConstructorParameter()) {
              properties.put(property.getName(), property.getPrimaryType());
            }
          }
          return properties;
        });
  }

  /** The model class of a built-in kind, by its apiVersion and kind. */
  private static JavaType javaType(ResourceType type) {
    return KINDS.computeIfAbsent(
        type.apiVersion() + "/" + type.kind(),
        key -> {
          String stub =
              "{\"apiVersion\":\"" + type.apiVersion() + "\",\"kind\":\"" + type.kind() + "\"}";
          KubernetesResource resource = Serialization.unmarshal(stub, KubernetesResource.class);
          return MAPPER.constructType(resource.getClass());
        });
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
