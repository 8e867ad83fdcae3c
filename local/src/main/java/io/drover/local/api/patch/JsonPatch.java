package io.drover.local.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.local.api.status.ApiException;
import io.fabric8.zjsonpatch.JsonPatchException;

/**
 * RFC 6902 JSON patch. An operation that does not apply (a failing {@code test}, a missing path) is
 * the client's error: 422, as a real API server answers, not the store's 500.
 */
public final class JsonPatch {

  private JsonPatch() {}

  /** The target with the patch applied; neither argument is changed. */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isArray()) {
      throw ApiException.badRequest("a JSON patch must be a JSON array of operations");
    }
    try {
      return io.fabric8.zjsonpatch.JsonPatch.apply(patch, target);
    } catch (JsonPatchException | IllegalArgumentException e) {
      throw ApiException.invalid("the JSON patch does not apply: " + e.getMessage());
    }
  }
}
