package io.drover.local.api.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Json;
import io.drover.local.api.resource.ResourceRegistry;
import io.drover.local.api.resource.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The OpenAPI documents kubectl reads: {@code /openapi/v3} (an index, then one document per
 * group-version, which {@code apply} and {@code explain} use) and {@code /openapi/v2} (one
 * document, which older kubectl uses). Custom kinds carry their CRD schema; built-in kinds carry
 * their paths only, enough for kubectl to validate on the server and to fall back to its own types
 * for strategic merge patches.
 */
public final class OpenApiDocuments {

  private final ResourceRegistry registry;
  private final String serverVersion;

  public OpenApiDocuments(ResourceRegistry registry, String serverVersion) {
    this.registry = registry;
    this.serverVersion = serverVersion;
  }

  /** {@code /openapi/v3}: each group-version with its URL, whose hash changes with it. */
  public ObjectNode v3Index() {
    ObjectNode index = Json.MAPPER.createObjectNode();
    ObjectNode paths = index.putObject("paths");
    for (String groupVersion : groupVersionPaths()) {
      ObjectNode document = v3(groupVersion).orElseThrow();
      paths
          .putObject(groupVersion.substring(1))
          .put("serverRelativeURL", "/openapi/v3" + groupVersion + "?hash=" + hash(document));
    }
    return index;
  }

  /**
   * {@code /openapi/v3/api/v1} or {@code /openapi/v3/apis/<group>/<version>}.
   *
   * @param groupVersionPath {@code /api/v1} or {@code /apis/<group>/<version>}
   */
  public Optional<ObjectNode> v3(String groupVersionPath) {
    if (!groupVersionPaths().contains(groupVersionPath)) {
      return Optional.empty();
    }
    ObjectNode document = Json.MAPPER.createObjectNode();
    document.put("openapi", "3.0.0");
    document.putObject("info").put("title", "Kubernetes").put("version", serverVersion);
    ObjectNode paths = document.putObject("paths");
    ObjectNode schemas = document.putObject("components").putObject("schemas");
    boolean custom = false;
    for (ResourceType type : registry.all()) {
      if (!type.groupVersionPath().equals(groupVersionPath)) {
        continue;
      }
      OpenApiPaths.add(paths, type, OpenApiSchemas.Flavor.V3);
      Optional<JsonNode> crd = registry.crdOf(type);
      if (crd.isPresent()) {
        OpenApiSchemas.addCustom(schemas, type, crd.get(), OpenApiSchemas.Flavor.V3);
        custom = true;
      }
    }
    if (custom) {
      OpenApiSchemas.addMeta(schemas, OpenApiSchemas.Flavor.V3);
    }
    return Optional.of(document);
  }

  /** {@code /openapi/v2}: every kind's paths, and the custom kinds' definitions. */
  public ObjectNode v2() {
    ObjectNode document = Json.MAPPER.createObjectNode();
    document.put("swagger", "2.0");
    document.putObject("info").put("title", "Kubernetes").put("version", serverVersion);
    ObjectNode paths = document.putObject("paths");
    ObjectNode definitions = document.putObject("definitions");
    for (ResourceType type : registry.all()) {
      OpenApiPaths.add(paths, type, OpenApiSchemas.Flavor.V2);
      registry
          .crdOf(type)
          .ifPresent(
              crd -> OpenApiSchemas.addCustom(definitions, type, crd, OpenApiSchemas.Flavor.V2));
    }
    OpenApiSchemas.addMeta(definitions, OpenApiSchemas.Flavor.V2);
    return document;
  }

  /** {@code /openapi/v2} in the protobuf form client-go asks for. */
  public byte[] v2Protobuf() {
    return SwaggerProtobuf.encode(v2());
  }

  private Set<String> groupVersionPaths() {
    Set<String> paths = new LinkedHashSet<>();
    for (ResourceType type : registry.all()) {
      paths.add(type.groupVersionPath());
    }
    return paths;
  }

  private static String hash(JsonNode document) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Json.write(document).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16).toUpperCase(java.util.Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
