package io.drover.local.api.status;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.resource.ResourceType;

/**
 * A request the API refuses, answered as a {@code Status} object with the code, reason and message
 * a real API server would give, so kubectl and Fabric8 report it the same way.
 */
public final class ApiException extends RuntimeException {

  private final int code;
  private final String reason;
  private final ObjectNode details;

  public ApiException(int code, String reason, String message, ObjectNode details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  public ApiException(int code, String reason, String message) {
    this(code, reason, message, null);
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  /** The Status this error is answered with. */
  public ObjectNode toStatus() {
    return StatusObjects.failure(code, reason, getMessage(), details);
  }

  public static ApiException notFound(ResourceType type, String name) {
    return new ApiException(
        404,
        "NotFound",
        type.qualifiedPlural() + " \"" + name + "\" not found",
        details(type, name));
  }

  public static ApiException alreadyExists(ResourceType type, String name) {
    return new ApiException(
        409,
        "AlreadyExists",
        type.qualifiedPlural() + " \"" + name + "\" already exists",
        details(type, name));
  }

  public static ApiException conflict(ResourceType type, String name, String why) {
    return new ApiException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on " + type.qualifiedPlural() + " \"" + name + "\": " + why,
        details(type, name));
  }

  public static ApiException staleResourceVersion(ResourceType type, String name) {
    return conflict(
        type,
        name,
        "the object has been modified; please apply your changes to the latest version and try"
            + " again");
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message);
  }

  public static ApiException forbidden(ResourceType type, String name, String why) {
    return new ApiException(
        403,
        "Forbidden",
        type.qualifiedPlural() + " \"" + name + "\" is forbidden: " + why,
        details(type, name));
  }

  public static ApiException methodNotAllowed(String message) {
    return new ApiException(405, "MethodNotAllowed", message);
  }

  public static ApiException unsupportedMediaType(String message) {
    return new ApiException(415, "UnsupportedMediaType", message);
  }

  public static ApiException gone(String message) {
    return new ApiException(410, "Expired", message);
  }

  public static ApiException invalid(String message) {
    return new ApiException(422, "Invalid", message);
  }

  /** {@code details} naming the object as a real API server does: kind is the resource plural. */
  static ObjectNode details(ResourceType type, String name) {
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    if (name != null && !name.isEmpty()) {
      details.put("name", name);
    }
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.plural());
    return details;
  }
}
