package io.drover.local.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.resource.ResourceType;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * What a real API server fills in on the kinds whose defaults users see: a new pod is Pending, a
 * namespace Active with the {@code kubernetes} finalizer and its name label, a Deployment or
 * ReplicaSet has one replica and a Job one completion; a CRD is Established with its names
 * accepted. Other defaults (a pod's dnsPolicy, a Job's selector) are not filled in.
 */
final class ServerDefaults {

  private final Clock clock;

  ServerDefaults(Clock clock) {
    this.clock = clock;
  }

  /** Fills in defaults on an object about to be created. */
  void onCreate(ResourceType type, ObjectNode object) {
    ObjectNode spec = object.path("spec") instanceof ObjectNode s ? s : null;
    switch (type.group() + "/" + type.plural()) {
      case "/pods" -> {
        ObjectNode status = object.putObject("status");
        status.put("phase", "Pending");
      }
      case "/namespaces" -> {
        Metadata.of(object)
            .with("labels")
            .put("kubernetes.io/metadata.name", Metadata.name(object));
        ObjectNode nsSpec = object.with("spec");
        if (!nsSpec.has("finalizers")) {
          nsSpec.putArray("finalizers").add("kubernetes");
        }
        object.putObject("status").put("phase", "Active");
      }
      case "apps/deployments", "apps/replicasets" -> {
        if (spec != null && !spec.has("replicas")) {
          spec.put("replicas", 1);
        }
        object.remove("status");
      }
      case "batch/jobs" -> {
        if (spec != null) {
          if (!spec.has("completions")) {
            spec.put("completions", 1);
          }
          if (!spec.has("parallelism")) {
            spec.put("parallelism", 1);
          }
          if (!spec.has("backoffLimit")) {
            spec.put("backoffLimit", 6);
          }
        }
        object.remove("status");
      }
      case "/services" -> {
        if (spec != null && !spec.has("type")) {
          spec.put("type", "ClusterIP");
        }
        object.remove("status");
      }
      case "apiextensions.k8s.io/customresourcedefinitions" -> established(object);
      default -> {
        if (type.hasStatus()) {
          object.remove("status");
        }
      }
    }
  }

  /** A CRD's status as a real API server reports it once the CRD serves: names accepted. */
  void established(ObjectNode crd) {
    JsonNode names = crd.path("spec").path("names");
    ObjectNode status = crd.putObject("status");
    ObjectNode accepted = status.putObject("acceptedNames");
    accepted.setAll((ObjectNode) names.deepCopy());
    if (!accepted.has("singular")) {
      accepted.put("singular", names.path("kind").asText().toLowerCase(java.util.Locale.ROOT));
    }
    if (!accepted.has("listKind")) {
      accepted.put("listKind", names.path("kind").asText() + "List");
    }
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    ArrayNode conditions = status.putArray("conditions");
    conditions
        .addObject()
        .put("type", "NamesAccepted")
        .put("status", "True")
        .put("reason", "NoConflicts")
        .put("message", "no conflicts found")
        .put("lastTransitionTime", now);
    conditions
        .addObject()
        .put("type", "Established")
        .put("status", "True")
        .put("reason", "InitialNamesAccepted")
        .put("message", "the initial names have been accepted")
        .put("lastTransitionTime", now);
    ArrayNode stored = status.putArray("storedVersions");
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.path("storage").asBoolean(false)) {
        stored.add(version.path("name").asText());
      }
    }
  }
}
