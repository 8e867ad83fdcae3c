package io.drover.local.api.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.resource.ResourceType;
import java.util.List;

/**
 * Admission of custom objects against their CRD: structural schema (pruning, defaults, limits) and
 * CEL rules. A refused object is an {@link io.drover.local.api.status.ApiException}: 422 Invalid
 * with the causes, or 400 for unknown fields under Strict validation.
 */
public interface CustomResourceAdmission {

  /**
   * The object as admitted, and the warnings to send with the answer.
   *
   * @param object the object to store, pruned and defaulted
   * @param warnings one line each, sent as {@code Warning} headers
   */
  record Admitted(ObjectNode object, List<String> warnings) {}

  /** Admits a new object of a custom kind. */
  Admitted admitCreate(ResourceType type, ObjectNode object, ValidationDirective directive);

  /**
   * Admits a change of an object of a custom kind.
   *
   * @param status whether the change came through the status subresource
   */
  Admitted admitUpdate(
      ResourceType type,
      ObjectNode oldObject,
      ObjectNode newObject,
      ValidationDirective directive,
      boolean status);
}
