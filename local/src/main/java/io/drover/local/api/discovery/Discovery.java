package io.drover.local.api.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Json;
import io.drover.local.api.resource.ResourceRegistry;
import io.drover.local.api.resource.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * API discovery in its plain (non-aggregated) form: {@code /api}, {@code /api/v1}, {@code /apis},
 * {@code /apis/<group>} and {@code /apis/<group>/<version>}, built from the registry at each
 * request so a CRD is discoverable as soon as it is stored. kubectl asks for the aggregated form
 * first and accepts this one.
 */
public final class Discovery {

  private static final Set<String> DISCOVERED_SUBRESOURCES = Set.of("status", "scale", "log");

  private final ResourceRegistry registry;

  public Discovery(ResourceRegistry registry) {
    this.registry = registry;
  }

  /** {@code /api}: the core group's versions. */
  public ObjectNode coreVersions(String serverAddress) {
    ObjectNode versions = Json.MAPPER.createObjectNode();
    versions.put("kind", "APIVersions");
    versions.putArray("versions").add("v1");
    versions
        .putArray("serverAddressByClientCIDRs")
        .addObject()
        .put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", serverAddress);
    return versions;
  }

  /** {@code /apis}: every named group. */
  public ObjectNode groups() {
    ObjectNode list = Json.MAPPER.createObjectNode();
    list.put("kind", "APIGroupList");
    list.put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    versionsByGroup().forEach((group, versions) -> groups.add(group(group, versions)));
    return list;
  }

  /** {@code /apis/<group>}, if the group is served. */
  public Optional<ObjectNode> group(String name) {
    List<String> versions = versionsByGroup().get(name);
    return versions == null ? Optional.empty() : Optional.of(group(name, versions));
  }

  /** {@code /api/v1} or {@code /apis/<group>/<version>}, if served. */
  public Optional<ObjectNode> resources(String group, String version) {
    List<ResourceType> types =
        registry.all().stream()
            .filter(t -> t.group().equals(group) && t.version().equals(version))
            .toList();
    if (types.isEmpty() && !(group.isEmpty() && version.equals("v1"))) {
      return Optional.empty();
    }
    ObjectNode list = Json.MAPPER.createObjectNode();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = list.putArray("resources");
    for (ResourceType type : types) {
      ObjectNode resource = resources.addObject();
      resource.put("name", type.plural());
      resource.put("singularName", type.singular());
      resource.put("namespaced", type.namespaced());
      resource.put("kind", type.kind());
      ArrayNode verbs = resource.putArray("verbs");
      ResourceType.VERBS.forEach(verbs::add);
      if (!type.shortNames().isEmpty()) {
        ArrayNode shortNames = resource.putArray("shortNames");
        type.shortNames().forEach(shortNames::add);
      }
      if (!type.categories().isEmpty()) {
        ArrayNode categories = resource.putArray("categories");
        type.categories().forEach(categories::add);
      }
      for (String subresource : List.of("status", "scale", "log")) {
        if (type.subresources().contains(subresource)
            && DISCOVERED_SUBRESOURCES.contains(subresource)) {
          resources.add(subresource(type, subresource));
        }
      }
    }
    return Optional.of(list);
  }

  private static ObjectNode subresource(ResourceType type, String name) {
    ObjectNode resource = Json.MAPPER.createObjectNode();
    resource.put("name", type.plural() + "/" + name);
    resource.put("singularName", "");
    resource.put("namespaced", type.namespaced());
    ArrayNode verbs;
    switch (name) {
      case "scale" -> {
        resource.put("group", "autoscaling");
        resource.put("version", "v1");
        resource.put("kind", "Scale");
        verbs = resource.putArray("verbs");
        verbs.add("get").add("patch").add("update");
      }
      case "log" -> {
        resource.put("kind", type.kind());
        verbs = resource.putArray("verbs");
        verbs.add("get");
      }
      default -> {
        resource.put("kind", type.kind());
        verbs = resource.putArray("verbs");
        verbs.add("get").add("patch").add("update");
      }
    }
    return resource;
  }

  private static ObjectNode group(String name, List<String> versions) {
    ObjectNode group = Json.MAPPER.createObjectNode();
    group.put("kind", "APIGroup");
    group.put("apiVersion", "v1");
    group.put("name", name);
    ArrayNode list = group.putArray("versions");
    for (String version : versions) {
      list.addObject().put("groupVersion", name + "/" + version).put("version", version);
    }
    group
        .putObject("preferredVersion")
        .put("groupVersion", name + "/" + versions.get(0))
        .put("version", versions.get(0));
    return group;
  }

  /** Named groups in registry order (built-in, then custom), each with its served versions. */
  private Map<String, List<String>> versionsByGroup() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (ResourceType type : registry.all()) {
      if (type.group().isEmpty()) {
        continue;
      }
      List<String> versions = groups.computeIfAbsent(type.group(), g -> new ArrayList<>());
      if (!versions.contains(type.version())) {
        versions.add(type.version());
      }
    }
    return groups;
  }
}
