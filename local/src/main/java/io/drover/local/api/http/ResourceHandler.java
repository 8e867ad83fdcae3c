package io.drover.local.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Json;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.print.TableConverter;
import io.drover.local.api.resource.ResourceRegistry;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.select.FieldSelector;
import io.drover.local.api.select.LabelSelector;
import io.drover.local.api.select.SelectableFields;
import io.drover.local.api.status.ApiException;
import io.drover.local.api.store.ObjectStore;
import io.drover.local.api.store.StoredList;
import io.drover.local.api.watch.WatchFilter;
import io.drover.local.api.write.DeleteOptions;
import io.drover.local.api.write.ObjectDeleter;
import io.drover.local.api.write.ObjectWriter;
import io.drover.local.api.write.PatchKind;
import io.drover.local.api.write.WriteOptions;
import io.drover.local.api.write.WriteResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The verbs on resource URLs: get, list, watch, create, update, patch, delete and deletecollection,
 * on objects and on their status and scale subresources; pod logs; and a clear refusal for what
 * local mode cannot do (exec, attach, port-forward, proxy).
 */
final class ResourceHandler {

  private final ResourceRegistry registry;
  private final ObjectStore store;
  private final ObjectWriter writer;
  private final ObjectDeleter deleter;
  private final TableConverter tables;
  private final WatchStreams watches;
  private final PodLogs logs;
  private final java.nio.file.Path home;

  ResourceHandler(
      java.nio.file.Path home,
      ResourceRegistry registry,
      ObjectStore store,
      ObjectWriter writer,
      ObjectDeleter deleter,
      TableConverter tables,
      WatchStreams watches,
      PodLogs logs) {
    this.registry = registry;
    this.store = store;
    this.writer = writer;
    this.deleter = deleter;
    this.tables = tables;
    this.watches = watches;
    this.logs = logs;
    this.home = home;
  }

  /** Whether the request changes something, and so should not run on the event loop. */
  static boolean isWrite(String method) {
    return !method.equals("GET");
  }

  void handle(Exchange exchange, ApiPath path) {
    ResourceType type =
        registry.find(path.group(), path.version(), path.plural()).orElseThrow(Routes::notFound);
    if (!type.namespaced() && path.namespace() != null) {
      throw Routes.notFound();
    }
    if (type.namespaced() && path.namespace() == null && path.name() != null) {
      throw Routes.notFound();
    }
    String method = exchange.method();
    if (path.subresource() != null) {
      subresource(exchange, type, path, method);
    } else if (path.name() == null) {
      switch (method) {
        case "GET" -> {
          if (exchange.flag("watch")) {
            watches.start(exchange, type, filter(exchange, type, path.namespace()));
          } else {
            list(exchange, type, path.namespace());
          }
        }
        case "POST" -> create(exchange, type, path.namespace());
        case "DELETE" -> deleteCollection(exchange, type, path.namespace());
        default -> throw Routes.methodNotAllowed();
      }
    } else {
      switch (method) {
        case "GET" -> get(exchange, type, path.namespace(), path.name());
        case "PUT" -> update(exchange, type, path, ObjectWriter.Part.MAIN);
        case "PATCH" -> patch(exchange, type, path, ObjectWriter.Part.MAIN);
        case "DELETE" -> delete(exchange, type, path.namespace(), path.name());
        default -> throw Routes.methodNotAllowed();
      }
    }
  }

  private void subresource(Exchange exchange, ResourceType type, ApiPath path, String method) {
    String subresource = path.subresource();
    if (!type.subresources().contains(subresource)) {
      throw Routes.notFound();
    }
    switch (subresource) {
      case "status", "scale" -> {
        ObjectWriter.Part part =
            subresource.equals("status") ? ObjectWriter.Part.STATUS : ObjectWriter.Part.SCALE;
        switch (method) {
          case "GET" -> {
            if (part == ObjectWriter.Part.SCALE) {
              exchange.json(200, writer.scale(type, path.namespace(), path.name()));
            } else {
              get(exchange, type, path.namespace(), path.name());
            }
          }
          case "PUT" -> update(exchange, type, path, part);
          case "PATCH" -> patch(exchange, type, path, part);
          default -> throw Routes.methodNotAllowed();
        }
      }
      case "log" -> {
        if (!method.equals("GET")) {
          throw Routes.methodNotAllowed();
        }
        ObjectNode pod =
            store
                .get(type, path.namespace(), path.name())
                .orElseThrow(() -> ApiException.notFound(type, path.name()));
        logs.serve(exchange, pod);
      }
      default ->
          throw ApiException.badRequest(
              type.plural()
                  + "/"
                  + subresource
                  + " is not supported by Drover's local API: containers run as local processes,"
                  + " not in a container runtime. Read their output with kubectl logs (files under "
                  + home.resolve("logs")
                  + "), and reach a Service at its address in "
                  + home.resolve("hosts"));
    }
  }

  private void get(Exchange exchange, ResourceType type, String namespace, String name) {
    ObjectNode object =
        store.get(type, namespace, name).orElseThrow(() -> ApiException.notFound(type, name));
    if (exchange.wantsTable()) {
      exchange.json(
          200,
          tables.table(
              type,
              List.of(object),
              null,
              TableConverter.IncludeObject.of(exchange.param("includeObject"))));
    } else if (exchange.wantsMetadataOnly()) {
      exchange.json(200, partial(object));
    } else {
      exchange.json(200, object);
    }
  }

  private void list(Exchange exchange, ResourceType type, String namespace) {
    WatchFilter filter = filter(exchange, type, namespace);
    StoredList stored = store.list(type, namespace);
    List<ObjectNode> items = new ArrayList<>();
    for (ObjectNode object : stored.items()) {
      if (filter.matches(object)) {
        items.add(object);
      }
    }
    items.sort(
        Comparator.comparing((ObjectNode o) -> Metadata.namespace(o))
            .thenComparing(Metadata::name));
    String resourceVersion = String.valueOf(stored.resourceVersion());
    if (exchange.wantsTable()) {
      exchange.json(
          200,
          tables.table(
              type,
              items,
              resourceVersion,
              TableConverter.IncludeObject.of(exchange.param("includeObject"))));
      return;
    }
    boolean metadataOnly = exchange.wantsMetadataOnly();
    ObjectNode list = Json.MAPPER.createObjectNode();
    list.put("kind", metadataOnly ? "PartialObjectMetadataList" : type.kind() + "List");
    list.put("apiVersion", metadataOnly ? "meta.k8s.io/v1" : type.apiVersion());
    list.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode array = list.putArray("items");
    items.forEach(item -> array.add(metadataOnly ? partial(item) : item));
    exchange.json(200, list);
  }

  private void create(Exchange exchange, ResourceType type, String namespace) {
    if (type.namespaced() && namespace == null) {
      throw Routes.methodNotAllowed();
    }
    ObjectNode body = object(exchange.body());
    WriteResult result = writer.create(type, namespace, body, options(exchange));
    exchange.json(result.code(), result.object(), result.warnings());
  }

  private void update(Exchange exchange, ResourceType type, ApiPath path, ObjectWriter.Part part) {
    ObjectNode body = object(exchange.body());
    WriteResult result =
        writer.update(type, path.namespace(), path.name(), body, part, options(exchange));
    answer(exchange, type, part, result);
  }

  private void patch(Exchange exchange, ResourceType type, ApiPath path, ObjectWriter.Part part) {
    PatchKind kind = PatchKind.of(exchange.header("Content-Type"));
    WriteResult result =
        writer.patch(
            type, path.namespace(), path.name(), kind, exchange.body(), part, options(exchange));
    answer(exchange, type, part, result);
  }

  private void answer(
      Exchange exchange, ResourceType type, ObjectWriter.Part part, WriteResult result) {
    JsonNode body =
        part == ObjectWriter.Part.SCALE
            ? ObjectWriter.scaleOf(type, result.object())
            : result.object();
    exchange.json(result.code(), body, result.warnings());
  }

  private void delete(Exchange exchange, ResourceType type, String namespace, String name) {
    WriteResult result = deleter.delete(type, namespace, name, deleteOptions(exchange));
    exchange.json(result.code(), result.object());
  }

  private void deleteCollection(Exchange exchange, ResourceType type, String namespace) {
    WatchFilter filter = filter(exchange, type, namespace);
    DeleteOptions options = deleteOptions(exchange);
    ObjectNode list = Json.MAPPER.createObjectNode();
    list.put("kind", type.kind() + "List");
    list.put("apiVersion", type.apiVersion());
    ArrayNode items = list.putArray("items");
    for (ObjectNode object : store.list(type, namespace).items()) {
      if (!filter.matches(object)) {
        continue;
      }
      try {
        items.add(
            deleter
                .delete(type, Metadata.namespace(object), Metadata.name(object), options)
                .object());
      } catch (ApiException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
    list.putObject("metadata").put("resourceVersion", String.valueOf(store.resourceVersion()));
    exchange.json(200, list);
  }

  private WatchFilter filter(Exchange exchange, ResourceType type, String namespace) {
    return new WatchFilter(
        type,
        namespace,
        LabelSelector.parse(exchange.param("labelSelector")),
        FieldSelector.parse(exchange.param("fieldSelector"), SelectableFields.of(type)));
  }

  private static WriteOptions options(Exchange exchange) {
    return new WriteOptions(
        WriteOptions.validation(exchange.param("fieldValidation")),
        "All".equals(exchange.param("dryRun")));
  }

  private static DeleteOptions deleteOptions(Exchange exchange) {
    return DeleteOptions.of(
        exchange.param("propagationPolicy"),
        exchange.param("orphanDependents"),
        exchange.hasBody() ? exchange.body() : null,
        exchange.param("dryRun"));
  }

  private static ObjectNode object(JsonNode body) {
    if (!(body instanceof ObjectNode object)) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    return object;
  }

  private static ObjectNode partial(ObjectNode object) {
    ObjectNode partial = Json.MAPPER.createObjectNode();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", object.path("metadata").deepCopy());
    return partial;
  }
}
