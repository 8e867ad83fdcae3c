package io.drover.local.api.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads the kinds a CustomResourceDefinition defines: one per served version. */
public final class CustomResourceTypes {

  private CustomResourceTypes() {}

  /**
   * @param crd a CustomResourceDefinition (apiextensions.k8s.io/v1) as JSON
   * @return one resource type per served version, the storage version first
   */
  public static List<ResourceType> of(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    String group = spec.path("group").asText();
    String kind = names.path("kind").asText();
    String plural = names.path("plural").asText();
    String singular = names.path("singular").asText(kind.toLowerCase(Locale.ROOT));
    if (singular.isEmpty()) {
      singular = kind.toLowerCase(Locale.ROOT);
    }
    boolean namespaced = !"Cluster".equals(spec.path("scope").asText());
    List<String> shortNames = texts(names.path("shortNames"));
    List<String> categories = texts(names.path("categories"));
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("served").asBoolean(true)) {
        continue;
      }
      Set<String> subresources = new LinkedHashSet<>();
      version.path("subresources").fieldNames().forEachRemaining(subresources::add);
      ResourceType type =
          new ResourceType(
              group,
              version.path("name").asText(),
              kind,
              plural,
              singular,
              namespaced,
              shortNames,
              categories,
              subresources,
              printerColumns(version.path("additionalPrinterColumns")),
              true);
      if (version.path("storage").asBoolean(false)) {
        types.add(0, type);
      } else {
        types.add(type);
      }
    }
    return types;
  }

  /** The OpenAPI v3 schema a CRD declares for one version, or a missing node. */
  public static JsonNode schema(JsonNode crd, String version) {
    for (JsonNode candidate : crd.path("spec").path("versions")) {
      if (version.equals(candidate.path("name").asText())) {
        return candidate.path("schema").path("openAPIV3Schema");
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static List<PrinterColumn> printerColumns(JsonNode columns) {
    List<PrinterColumn> result = new ArrayList<>();
    for (JsonNode column : columns) {
      result.add(
          new PrinterColumn(
              column.path("name").asText(),
              column.path("type").asText("string"),
              column.path("format").asText(""),
              column.path("description").asText(""),
              column.path("priority").asInt(0),
              column.path("jsonPath").asText()));
    }
    return result;
  }

  private static List<String> texts(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(node -> result.add(node.asText()));
    return result;
  }
}
