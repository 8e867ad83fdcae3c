package io.drover.local.api.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Json;
import io.drover.local.api.resource.CustomResourceTypes;
import io.drover.local.api.resource.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The schemas OpenAPI documents publish for custom kinds, as a real API server builds them: the
 * CRD's structural schema with {@code apiVersion}, {@code kind} and {@code metadata} (a reference
 * to ObjectMeta), tagged {@code x-kubernetes-group-version-kind}, a list schema, and the meta
 * schemas they refer to. OpenAPI v2 gets the v2 form: no {@code nullable}, {@code anyOf}, {@code
 * oneOf}, {@code not}, and no type on fields that preserve unknown fields or are int-or-string, so
 * that older kubectl validates only what v2 can say.
 */
final class OpenApiSchemas {

  /** OpenAPI v3 ({@code #/components/schemas/}) or v2 ({@code #/definitions/}). */
  enum Flavor {
    V3("#/components/schemas/"),
    V2("#/definitions/");

    final String refPrefix;

    Flavor(String refPrefix) {
      this.refPrefix = refPrefix;
    }
  }

  private static final ObjectNode META_SCHEMAS = load();

  private OpenApiSchemas() {}

  /** {@code io.drover.v1alpha1.TrainingRun}: the reversed group, the version and the kind. */
  static String name(ResourceType type, String kind) {
    List<String> parts = new java.util.ArrayList<>(List.of(type.group().split("\\.")));
    java.util.Collections.reverse(parts);
    return String.join(".", parts) + "." + type.version() + "." + kind;
  }

  /** Adds the schemas of a custom kind (object and list) to {@code schemas}. */
  static void addCustom(ObjectNode schemas, ResourceType type, JsonNode crd, Flavor flavor) {
    JsonNode declared = CustomResourceTypes.schema(crd, type.version());
    ObjectNode schema =
        declared.isObject()
            ? ((ObjectNode) declared).deepCopy()
            : Json.MAPPER.createObjectNode().put("type", "object");
    if (flavor == Flavor.V2) {
      toV2(schema);
    }
    schema.put("type", "object");
    ObjectNode properties = schema.with("properties");
    properties.set(
        "apiVersion",
        Json.MAPPER
            .createObjectNode()
            .put(
                "description",
                "APIVersion defines the versioned schema of this representation of an object."
                    + " Servers should convert recognized schemas to the latest internal value,"
                    + " and may reject unrecognized values.")
            .put("type", "string"));
    properties.set(
        "kind",
        Json.MAPPER
            .createObjectNode()
            .put(
                "description",
                "Kind is a string value representing the REST resource this object represents."
                    + " Servers may infer this from the endpoint the client submits requests to."
                    + " Cannot be updated. In CamelCase.")
            .put("type", "string"));
    properties.set(
        "metadata",
        reference(
            flavor,
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"));
    schema.set("x-kubernetes-group-version-kind", gvk(type, type.kind()));
    schemas.set(name(type, type.kind()), schema);

    ObjectNode list = Json.MAPPER.createObjectNode();
    list.put("description", type.kind() + "List is a list of " + type.kind());
    list.put("type", "object");
    list.putArray("required").add("items");
    ObjectNode listProperties = list.putObject("properties");
    listProperties.set("apiVersion", properties.get("apiVersion").deepCopy());
    listProperties.set(
        "items",
        Json.MAPPER
            .createObjectNode()
            .put("description", "List of " + type.plural())
            .put("type", "array")
            .set(
                "items",
                Json.MAPPER
                    .createObjectNode()
                    .put("$ref", flavor.refPrefix + name(type, type.kind()))));
    listProperties.set("kind", properties.get("kind").deepCopy());
    listProperties.set(
        "metadata",
        reference(
            flavor, "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta", "Standard list metadata."));
    list.set("x-kubernetes-group-version-kind", gvk(type, type.kind() + "List"));
    schemas.set(name(type, type.kind() + "List"), list);
  }

  /** Adds ObjectMeta, ListMeta and OwnerReference, which custom kinds refer to. */
  static void addMeta(ObjectNode schemas, Flavor flavor) {
    for (Iterator<Map.Entry<String, JsonNode>> it = META_SCHEMAS.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      ObjectNode schema = entry.getValue().deepCopy();
      qualifyReferences(schema, flavor);
      schemas.set(entry.getKey(), schema);
    }
  }

  private static ObjectNode reference(Flavor flavor, String target, String description) {
    ObjectNode reference = Json.MAPPER.createObjectNode();
    if (flavor == Flavor.V3) {
      reference.putArray("allOf").addObject().put("$ref", flavor.refPrefix + target);
      reference.set("default", Json.MAPPER.createObjectNode());
    } else {
      reference.put("$ref", flavor.refPrefix + target);
    }
    reference.put("description", description);
    return reference;
  }

  private static ArrayNode gvk(ResourceType type, String kind) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    list.addObject().put("group", type.group()).put("kind", kind).put("version", type.version());
    return list;
  }

  /** Removes what OpenAPI v2 cannot say, recursively. */
  private static void toV2(ObjectNode schema) {
    for (String unsupported : List.of("nullable", "anyOf", "oneOf", "not", "allOf")) {
      schema.remove(unsupported);
    }
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
        || schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      schema.remove("type");
      schema.remove("properties");
      schema.remove("items");
      schema.remove("additionalProperties");
      schema.remove("format");
    }
    schema.path("properties").fields().forEachRemaining(e -> toV2((ObjectNode) e.getValue()));
    if (schema.get("items") instanceof ObjectNode items) {
      toV2(items);
    }
    if (schema.get("additionalProperties") instanceof ObjectNode additional) {
      toV2(additional);
    }
  }

  private static void qualifyReferences(JsonNode node, Flavor flavor) {
    if (node instanceof ObjectNode object) {
      JsonNode ref = object.get("$ref");
      if (ref != null && !ref.asText().startsWith("#")) {
        object.put("$ref", flavor.refPrefix + ref.asText());
      }
      object.elements().forEachRemaining(child -> qualifyReferences(child, flavor));
    } else if (node instanceof ArrayNode array) {
      array.forEach(child -> qualifyReferences(child, flavor));
    }
  }

  private static ObjectNode load() {
    try (InputStream in = OpenApiSchemas.class.getResourceAsStream("meta-schemas.json")) {
      return (ObjectNode) Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
