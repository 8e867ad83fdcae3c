package io.drover.local.api.status;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds {@code meta/v1 Status} objects, the body of every error and of some deletions. */
public final class StatusObjects {

  private StatusObjects() {}

  /** A failure Status: {@code kind: Status, status: Failure} with code, reason and message. */
  public static ObjectNode failure(int code, String reason, String message, ObjectNode details) {
    ObjectNode status = base();
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", code);
    return status;
  }

  /** A success Status, as a real API server answers some deletions. */
  public static ObjectNode success(ObjectNode details) {
    ObjectNode status = base();
    status.put("status", "Success");
    if (details != null) {
      status.set("details", details);
    }
    return status;
  }

  private static ObjectNode base() {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    return status;
  }
}
