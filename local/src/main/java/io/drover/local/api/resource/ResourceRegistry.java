package io.drover.local.api.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds the local API serves right now: the built-in ones and those of every stored
 * CustomResourceDefinition. Discovery, OpenAPI, routing and admission all read it; applying or
 * deleting a CRD changes it at once, so the next request sees the new kind.
 */
public final class ResourceRegistry {

  /** An immutable view, replaced as a whole when a CRD changes: reads never lock. */
  private record Snapshot(List<ResourceType> types, Map<String, JsonNode> crdsByName) {}

  private final List<ResourceType> builtIns;
  private volatile Snapshot snapshot;

  public ResourceRegistry() {
    this.builtIns = BuiltInResources.all();
    this.snapshot = new Snapshot(builtIns, Map.of());
  }

  /** Every served kind and version: built-in kinds first, then custom ones by CRD. */
  public List<ResourceType> all() {
    return snapshot.types();
  }

  /** The kind served at {@code group/version/plural}. */
  public Optional<ResourceType> find(String group, String version, String plural) {
    for (ResourceType type : snapshot.types()) {
      if (type.group().equals(group)
          && type.version().equals(version)
          && type.plural().equals(plural)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** The kind {@code kind} of {@code apiVersion} (e.g. {@code apps/v1}, {@code Deployment}). */
  public Optional<ResourceType> findKind(String apiVersion, String kind) {
    for (ResourceType type : snapshot.types()) {
      if (type.apiVersion().equals(apiVersion) && type.kind().equals(kind)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** The CustomResourceDefinition behind a custom kind. */
  public Optional<JsonNode> crdOf(ResourceType type) {
    if (!type.custom()) {
      return Optional.empty();
    }
    return Optional.ofNullable(snapshot.crdsByName().get(type.plural() + "." + type.group()));
  }

  /** Every stored CustomResourceDefinition by name. */
  public Map<String, JsonNode> crds() {
    return snapshot.crdsByName();
  }

  /** Serves (or re-serves, with its new definition) the kinds of a CRD. */
  public synchronized void define(JsonNode crd) {
    Map<String, JsonNode> crds = new LinkedHashMap<>(snapshot.crdsByName());
    crds.put(crd.path("metadata").path("name").asText(), crd.deepCopy());
    snapshot = rebuild(crds);
  }

  /** Stops serving the kinds of the CRD {@code name} (e.g. {@code trainingruns.drover.io}). */
  public synchronized void remove(String name) {
    Map<String, JsonNode> crds = new LinkedHashMap<>(snapshot.crdsByName());
    if (crds.remove(name) != null) {
      snapshot = rebuild(crds);
    }
  }

  private Snapshot rebuild(Map<String, JsonNode> crds) {
    List<ResourceType> types = new ArrayList<>(builtIns);
    for (JsonNode crd : crds.values()) {
      types.addAll(CustomResourceTypes.of(crd));
    }
    return new Snapshot(List.copyOf(types), Collections.unmodifiableMap(crds));
  }
}
