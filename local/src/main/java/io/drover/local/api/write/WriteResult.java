package io.drover.local.api.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a write answers.
 *
 * @param code 200, 201 or 202
 * @param object the object as stored (or as it would be, on a dry run)
 * @param warnings lines for {@code Warning} headers
 */
public record WriteResult(int code, ObjectNode object, List<String> warnings) {

  public WriteResult {
    warnings = List.copyOf(warnings);
  }
}
