package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An admitted write: the object to store (unknown fields pruned, defaults applied, status carried
 * over as the status subresource requires) and the warnings to send back in {@code Warning} headers
 * ({@code 299 - "<warning>"}).
 */
public record AdmissionResult(ObjectNode object, List<String> warnings) {
  public AdmissionResult {
    warnings = List.copyOf(warnings);
  }
}
