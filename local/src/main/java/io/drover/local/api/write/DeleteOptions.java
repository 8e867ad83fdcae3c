package io.drover.local.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.local.api.status.ApiException;

/**
 * How to delete, from the query string or a {@code DeleteOptions} body.
 *
 * @param propagation Background (the default), Foreground or Orphan
 * @param uid the precondition on the object's uid, or null
 * @param resourceVersion the precondition on the object's resource version, or null
 * @param dryRun whether to compute the answer without deleting anything
 */
public record DeleteOptions(
    Propagation propagation, String uid, String resourceVersion, boolean dryRun) {

  /** What happens to the objects an object owns. */
  public enum Propagation {
    /** The owner goes at once; the garbage collector then deletes what it owned. */
    BACKGROUND,
    /** What the owner owned goes first; the owner waits, marked for deletion. */
    FOREGROUND,
    /** The owner goes; what it owned stays, its owner reference removed. */
    ORPHAN
  }

  public static DeleteOptions background() {
    return new DeleteOptions(Propagation.BACKGROUND, null, null, false);
  }

  /**
   * @param propagationPolicy the query parameter, or null
   * @param orphanDependents the legacy query parameter, or null
   * @param body a DeleteOptions body, or null
   * @param dryRun the dryRun query parameter, or null
   */
  public static DeleteOptions of(
      String propagationPolicy, String orphanDependents, JsonNode body, String dryRun) {
    String policy = propagationPolicy;
    String uid = null;
    String resourceVersion = null;
    boolean dry = "All".equals(dryRun);
    if (body != null && body.isObject()) {
      if (policy == null && body.hasNonNull("propagationPolicy")) {
        policy = body.get("propagationPolicy").asText();
      }
      if (orphanDependents == null && body.hasNonNull("orphanDependents")) {
        orphanDependents = body.get("orphanDependents").asText();
      }
      uid = body.path("preconditions").path("uid").asText(null);
      resourceVersion = body.path("preconditions").path("resourceVersion").asText(null);
      dry = dry || body.path("dryRun").toString().contains("All");
    }
    Propagation propagation;
    if (policy == null || policy.isEmpty()) {
      propagation = "true".equals(orphanDependents) ? Propagation.ORPHAN : Propagation.BACKGROUND;
    } else {
      propagation =
          switch (policy) {
            case "Background" -> Propagation.BACKGROUND;
            case "Foreground" -> Propagation.FOREGROUND;
            case "Orphan" -> Propagation.ORPHAN;
            default ->
                throw ApiException.badRequest(
                    "propagationPolicy must be Background, Foreground or Orphan, not \""
                        + policy
                        + "\"");
          };
    }
    return new DeleteOptions(propagation, uid, resourceVersion, dry);
  }
}
