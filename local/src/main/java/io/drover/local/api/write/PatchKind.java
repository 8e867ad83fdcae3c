package io.drover.local.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.patch.JsonMergePatch;
import io.drover.local.api.patch.JsonPatch;
import io.drover.local.api.patch.StrategicMergePatch;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;

/** The patch formats, chosen by the request's Content-Type. */
public enum PatchKind {
  /** RFC 7386 JSON merge patch ({@code application/merge-patch+json}). */
  MERGE {
    @Override
    ObjectNode apply(ResourceType type, ObjectNode base, JsonNode patch) {
      return object(JsonMergePatch.apply(base, patch));
    }
  },
  /** RFC 6902 JSON patch ({@code application/json-patch+json}). */
  JSON {
    @Override
    ObjectNode apply(ResourceType type, ObjectNode base, JsonNode patch) {
      return object(JsonPatch.apply(base, patch));
    }
  },
  /** Strategic merge patch ({@code application/strategic-merge-patch+json}), built-in kinds. */
  STRATEGIC {
    @Override
    ObjectNode apply(ResourceType type, ObjectNode base, JsonNode patch) {
      return StrategicMergePatch.apply(base, patch);
    }

    @Override
    void check(ResourceType type) {
      if (type.custom()) {
        throw ApiException.unsupportedMediaType(
            "the body of the request was in an unknown format - accepted media types include:"
                + " application/json-patch+json, application/merge-patch+json");
      }
    }
  };

  /**
   * @param contentType the request's Content-Type, parameters allowed
   * @throws ApiException 415 for server-side apply and unknown formats
   */
  public static PatchKind of(String contentType) {
    String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
    return switch (mediaType) {
      case "application/merge-patch+json" -> MERGE;
      case "application/json-patch+json" -> JSON;
      case "application/strategic-merge-patch+json" -> STRATEGIC;
      case "application/apply-patch+yaml", "application/apply-patch+cbor" ->
          throw ApiException.unsupportedMediaType(
              "server-side apply is not supported by Drover's local API: apply without"
                  + " --server-side (kubectl apply uses client-side apply by default), or send a"
                  + " JSON merge patch (application/merge-patch+json)");
      default ->
          throw ApiException.unsupportedMediaType(
              "the body of the request was in an unknown format - accepted media types include:"
                  + " application/json-patch+json, application/merge-patch+json,"
                  + " application/strategic-merge-patch+json");
    };
  }

  abstract ObjectNode apply(ResourceType type, ObjectNode base, JsonNode patch);

  /** Refuses, before anything is read, a format the kind does not take. */
  void check(ResourceType type) {}

  private static ObjectNode object(JsonNode patched) {
    if (!(patched instanceof ObjectNode object)) {
      throw ApiException.invalid("the patch does not leave an object");
    }
    return object;
  }
}
