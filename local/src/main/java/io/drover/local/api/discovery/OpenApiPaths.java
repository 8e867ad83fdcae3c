package io.drover.local.api.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Json;
import io.drover.local.api.resource.ResourceType;
import java.util.List;

/**
 * The paths of one kind in an OpenAPI document. What clients read from them: each operation's
 * {@code x-kubernetes-group-version-kind}, the {@code fieldValidation} parameter of POST, PUT and
 * PATCH (kubectl then validates on the server) and the patch formats PATCH accepts.
 */
final class OpenApiPaths {

  private OpenApiPaths() {}

  static void add(ObjectNode paths, ResourceType type, OpenApiSchemas.Flavor flavor) {
    String schemaRef =
        type.custom() ? flavor.refPrefix + OpenApiSchemas.name(type, type.kind()) : null;
    String base =
        type.namespaced()
            ? type.groupVersionPath() + "/namespaces/{namespace}/" + type.plural()
            : type.groupVersionPath() + "/" + type.plural();
    ObjectNode collection = paths.putObject(base);
    collection.set("get", operation(type, "list", flavor, schemaRef, List.of()));
    collection.set("post", operation(type, "post", flavor, schemaRef, writeParameters()));
    collection.set("delete", operation(type, "deletecollection", flavor, null, List.of()));
    ObjectNode item = paths.putObject(base + "/{name}");
    item.set("get", operation(type, "get", flavor, schemaRef, List.of()));
    item.set("put", operation(type, "put", flavor, schemaRef, writeParameters()));
    item.set("patch", operation(type, "patch", flavor, schemaRef, writeParameters()));
    item.set("delete", operation(type, "delete", flavor, null, List.of()));
    if (type.hasStatus()) {
      ObjectNode status = paths.putObject(base + "/{name}/status");
      status.set("get", operation(type, "get", flavor, schemaRef, List.of()));
      status.set("put", operation(type, "put", flavor, schemaRef, writeParameters()));
      status.set("patch", operation(type, "patch", flavor, schemaRef, writeParameters()));
    }
  }

  private static List<String> writeParameters() {
    return List.of("dryRun", "fieldManager", "fieldValidation");
  }

  private static ObjectNode operation(
      ResourceType type,
      String action,
      OpenApiSchemas.Flavor flavor,
      String schemaRef,
      List<String> queryParameters) {
    ObjectNode operation = Json.MAPPER.createObjectNode();
    operation.put("description", action + " " + type.kind());
    operation.put("operationId", action + type.kind());
    ArrayNode parameters = operation.putArray("parameters");
    for (String name : queryParameters) {
      ObjectNode parameter = parameters.addObject();
      parameter.put("name", name);
      parameter.put("in", "query");
      parameter.put("description", description(name));
      if (flavor == OpenApiSchemas.Flavor.V3) {
        parameter.putObject("schema").put("type", "string").put("uniqueItems", true);
      } else {
        parameter.put("type", "string");
        parameter.put("uniqueItems", true);
      }
    }
    List<String> consumes =
        action.equals("patch")
            ? type.custom()
                ? List.of("application/json-patch+json", "application/merge-patch+json")
                : List.of(
                    "application/json-patch+json",
                    "application/merge-patch+json",
                    "application/strategic-merge-patch+json")
            : List.of("application/json");
    if (flavor == OpenApiSchemas.Flavor.V3) {
      if (action.equals("patch") || action.equals("put") || action.equals("post")) {
        ObjectNode content = operation.putObject("requestBody").putObject("content");
        for (String mediaType : consumes) {
          // kubectl computes a strategic merge patch itself when v3 advertises one; it then needs
          // the kind's full schema, which only custom kinds have here, so built-in kinds leave it
          // to kubectl's compiled-in types.
          if (mediaType.equals("application/strategic-merge-patch+json")) {
            continue;
          }
          ObjectNode body = content.putObject(mediaType);
          body.putObject("schema").put("type", "object");
        }
      }
      ObjectNode ok = operation.putObject("responses").putObject("200");
      ok.put("description", "OK");
      ObjectNode schema = ok.putObject("content").putObject("application/json").putObject("schema");
      if (schemaRef != null) {
        schema.put("$ref", schemaRef);
      } else {
        schema.put("type", "object");
      }
    } else {
      ArrayNode list = operation.putArray("consumes");
      consumes.forEach(list::add);
      operation.putArray("produces").add("application/json");
      ObjectNode ok = operation.putObject("responses").putObject("200");
      ok.put("description", "OK");
      if (schemaRef != null) {
        ok.putObject("schema").put("$ref", schemaRef);
      }
    }
    operation.put("x-kubernetes-action", action);
    operation
        .putObject("x-kubernetes-group-version-kind")
        .put("group", type.group())
        .put("kind", type.kind())
        .put("version", type.version());
    return operation;
  }

  private static String description(String parameter) {
    return switch (parameter) {
      case "dryRun" ->
          "When present, indicates that modifications should not be persisted. Valid value: All.";
      case "fieldManager" ->
          "fieldManager is a name associated with the actor or entity that is making these"
              + " changes.";
      default ->
          "fieldValidation instructs the server on how to handle objects in the request"
              + " containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict.";
    };
  }
}
