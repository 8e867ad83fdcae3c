package io.drover.local.api.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.select.FieldSelector;
import io.drover.local.api.select.LabelSelector;

/**
 * Which objects a watch (or a list) sees.
 *
 * @param type the kind
 * @param namespace the namespace, or null for all
 * @param labels the label selector
 * @param fields the field selector
 */
public record WatchFilter(
    ResourceType type, String namespace, LabelSelector labels, FieldSelector fields) {

  public boolean matches(JsonNode object) {
    if (object == null
        || !type.apiVersion().equals(object.path("apiVersion").asText())
        || !type.kind().equals(object.path("kind").asText())) {
      return false;
    }
    if (namespace != null && type.namespaced() && !namespace.equals(Metadata.namespace(object))) {
      return false;
    }
    return labels.matches(Metadata.labels(object)) && fields.matches(object);
  }
}
