package io.drover.local.api.print;

import static io.drover.local.api.print.Column.ageColumn;
import static io.drover.local.api.print.Column.nameColumn;
import static io.drover.local.api.print.Column.wide;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.local.api.resource.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns a real API server prints for the built-in kinds people look at (pods, Deployments,
 * ReplicaSets, Jobs, Services, namespaces, events, config maps, secrets, claims); Name and Age for
 * the others.
 */
final class BuiltInColumns {

  private BuiltInColumns() {}

  static List<Column> of(ResourceType type) {
    return switch (type.group() + "/" + type.plural()) {
      case "/pods" -> pods();
      case "apps/deployments" -> deployments();
      case "apps/replicasets" -> replicaSets();
      case "batch/jobs" -> jobs();
      case "/services" -> services();
      case "/namespaces" ->
          List.of(
              nameColumn(),
              Column.of(
                  "Status",
                  "string",
                  "The phase of the namespace.",
                  (o, n) -> text(o, "status", "phase")),
              ageColumn());
      case "/events" -> events();
      case "/configmaps" ->
          List.of(
              nameColumn(),
              Column.of(
                  "Data",
                  "string",
                  "Number of keys.",
                  (o, n) -> (long) o.path("data").size() + o.path("binaryData").size()),
              ageColumn());
      case "/secrets" ->
          List.of(
              nameColumn(),
              Column.of(
                  "Type",
                  "string",
                  "The type of the secret.",
                  (o, n) -> o.path("type").asText("Opaque")),
              Column.of(
                  "Data", "string", "Number of keys.", (o, n) -> (long) o.path("data").size()),
              ageColumn());
      case "/persistentvolumeclaims" ->
          List.of(
              nameColumn(),
              Column.of(
                  "Status",
                  "string",
                  "The phase of the claim.",
                  (o, n) -> text(o, "status", "phase")),
              Column.of(
                  "Volume", "string", "The bound volume.", (o, n) -> text(o, "spec", "volumeName")),
              Column.of(
                  "Capacity",
                  "string",
                  "The requested storage.",
                  (o, n) -> text(o, "spec", "resources", "requests", "storage")),
              ageColumn());
      case "apiextensions.k8s.io/customresourcedefinitions" ->
          List.of(
              nameColumn(),
              Column.of(
                  "Created At",
                  "date",
                  "The time the definition was created.",
                  (o, n) -> o.path("metadata").path("creationTimestamp").asText()));
      default -> List.of(nameColumn(), ageColumn());
    };
  }

  private static List<Column> pods() {
    return List.of(
        nameColumn(),
        Column.of(
            "Ready",
            "string",
            "The aggregate readiness state of this pod for accepting traffic.",
            BuiltInColumns::podReady),
        Column.of(
            "Status",
            "string",
            "The aggregate status of the containers in this pod.",
            BuiltInColumns::podStatus),
        Column.of(
            "Restarts",
            "string",
            "The number of times the containers in this pod have been restarted.",
            BuiltInColumns::podRestarts),
        ageColumn(),
        wide(
            "IP",
            "string",
            "The IP address of the pod.",
            (o, n) -> orNone(text(o, "status", "podIP"))),
        wide(
            "Node",
            "string",
            "The node the pod runs on.",
            (o, n) -> orNone(text(o, "spec", "nodeName"))),
        wide(
            "Nominated Node",
            "string",
            "The node the scheduler nominated.",
            (o, n) -> orNone(text(o, "status", "nominatedNodeName"))),
        wide("Readiness Gates", "string", "The pod's readiness gates.", (o, n) -> "<none>"));
  }

  private static Object podReady(JsonNode pod, Instant now) {
    long ready = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      if (status.path("ready").asBoolean(false)) {
        ready++;
      }
    }
    return ready + "/" + pod.path("spec").path("containers").size();
  }

  /** The STATUS column: a container's waiting or terminated reason beats the pod's phase. */
  private static Object podStatus(JsonNode pod, Instant now) {
    JsonNode status = pod.path("status");
    String reason = status.path("reason").asText(status.path("phase").asText("Pending"));
    boolean running = false;
    JsonNode containers = status.path("containerStatuses");
    for (int i = containers.size() - 1; i >= 0; i--) {
      JsonNode state = containers.get(i).path("state");
      if (state.path("waiting").has("reason")) {
        reason = state.path("waiting").path("reason").asText();
      } else if (state.has("terminated")) {
        JsonNode terminated = state.path("terminated");
        if (terminated.has("reason")) {
          reason = terminated.path("reason").asText();
        } else if (terminated.path("signal").asInt(0) != 0) {
          reason = "Signal:" + terminated.path("signal").asInt();
        } else {
          reason = "ExitCode:" + terminated.path("exitCode").asInt();
        }
      } else if (state.has("running") && containers.get(i).path("ready").asBoolean(false)) {
        running = true;
      }
    }
    if (reason.equals("Completed") && running) {
      reason = Cells.hasCondition(pod, "Ready") ? "Running" : "NotReady";
    }
    if (pod.path("metadata").has("deletionTimestamp")) {
      reason = "Terminating";
    }
    return reason;
  }

  private static Object podRestarts(JsonNode pod, Instant now) {
    long restarts = 0;
    Instant last = null;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      restarts += status.path("restartCount").asLong(0);
      Instant finished =
          Cells.instant(status.path("lastState").path("terminated").path("finishedAt"));
      if (finished != null && (last == null || finished.isAfter(last))) {
        last = finished;
      }
    }
    if (restarts > 0 && last != null) {
      return restarts + " (" + Ages.human(Duration.between(last, now)) + " ago)";
    }
    return String.valueOf(restarts);
  }

  private static List<Column> deployments() {
    return withPodTemplate(
        nameColumn(),
        Column.of(
            "Ready",
            "string",
            "Number of the pod with ready state.",
            (o, n) ->
                o.path("status").path("readyReplicas").asLong(0)
                    + "/"
                    + o.path("spec").path("replicas").asLong(1)),
        Column.of(
            "Up-to-date",
            "integer",
            "Total number of non-terminated pods targeted by this deployment that have the desired template spec.",
            (o, n) -> o.path("status").path("updatedReplicas").asLong(0)),
        Column.of(
            "Available",
            "integer",
            "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.",
            (o, n) -> o.path("status").path("availableReplicas").asLong(0)),
        ageColumn());
  }

  private static List<Column> replicaSets() {
    return withPodTemplate(
        nameColumn(),
        Column.of(
            "Desired",
            "integer",
            "Number of desired pods.",
            (o, n) -> o.path("spec").path("replicas").asLong(1)),
        Column.of(
            "Current",
            "integer",
            "Number of actual replicas.",
            (o, n) -> o.path("status").path("replicas").asLong(0)),
        Column.of(
            "Ready",
            "integer",
            "The number of ready replicas.",
            (o, n) -> o.path("status").path("readyReplicas").asLong(0)),
        ageColumn());
  }

  private static List<Column> jobs() {
    return withPodTemplate(
        nameColumn(),
        Column.of("Status", "string", "Status of the job.", BuiltInColumns::jobStatus),
        Column.of(
            "Completions",
            "string",
            "The desired number of successfully finished pods the job should be run with.",
            (o, n) ->
                o.path("status").path("succeeded").asLong(0)
                    + "/"
                    + o.path("spec").path("completions").asLong(1)),
        Column.of(
            "Duration",
            "string",
            "Time required to complete the job.",
            BuiltInColumns::jobDuration),
        ageColumn());
  }

  private static Object jobStatus(JsonNode job, Instant now) {
    if (Cells.hasCondition(job, "Complete")) {
      return "Complete";
    } else if (Cells.hasCondition(job, "Failed")) {
      return "Failed";
    } else if (job.path("metadata").has("deletionTimestamp")) {
      return "Terminating";
    } else if (Cells.hasCondition(job, "Suspended")) {
      return "Suspended";
    } else if (Cells.hasCondition(job, "FailureTarget")) {
      return "FailureTarget";
    } else if (Cells.hasCondition(job, "SuccessCriteriaMet")) {
      return "SuccessCriteriaMet";
    }
    return "Running";
  }

  private static Object jobDuration(JsonNode job, Instant now) {
    Instant start = Cells.instant(job.path("status").path("startTime"));
    if (start == null) {
      return "";
    }
    Instant end = Cells.instant(job.path("status").path("completionTime"));
    return Ages.human(Duration.between(start, end == null ? now : end));
  }

  private static List<Column> services() {
    return List.of(
        nameColumn(),
        Column.of(
            "Type",
            "string",
            "The type of the service.",
            (o, n) -> o.path("spec").path("type").asText("ClusterIP")),
        Column.of(
            "Cluster-IP",
            "string",
            "The cluster address of the service.",
            (o, n) -> orNone(text(o, "spec", "clusterIP"))),
        Column.of(
            "External-IP", "string", "The external addresses of the service.", (o, n) -> "<none>"),
        Column.of(
            "Port(s)", "string", "The ports the service exposes.", BuiltInColumns::servicePorts),
        ageColumn(),
        wide(
            "Selector",
            "string",
            "The service's pod selector.",
            (o, n) -> {
              List<String> terms = new ArrayList<>();
              o.path("spec")
                  .path("selector")
                  .fields()
                  .forEachRemaining(e -> terms.add(e.getKey() + "=" + e.getValue().asText()));
              return Cells.joined(terms);
            }));
  }

  private static Object servicePorts(JsonNode service, Instant now) {
    List<String> ports = new ArrayList<>();
    for (JsonNode port : service.path("spec").path("ports")) {
      String text = port.path("port").asText();
      if (port.has("nodePort")) {
        text += ":" + port.path("nodePort").asText();
      }
      ports.add(text + "/" + port.path("protocol").asText("TCP"));
    }
    return Cells.joined(ports);
  }

  private static List<Column> events() {
    return List.of(
        Column.of(
            "Last Seen",
            "string",
            "The time the event was last seen.",
            BuiltInColumns::eventLastSeen),
        Column.of("Type", "string", "Normal or Warning.", (o, n) -> o.path("type").asText()),
        Column.of(
            "Reason", "string", "Why the event happened.", (o, n) -> o.path("reason").asText()),
        Column.of(
            "Object",
            "string",
            "The object the event is about.",
            (o, n) ->
                o.path("involvedObject").path("kind").asText().toLowerCase(java.util.Locale.ROOT)
                    + "/"
                    + o.path("involvedObject").path("name").asText()),
        wide(
            "Subobject",
            "string",
            "The part of the object the event is about.",
            (o, n) -> o.path("involvedObject").path("fieldPath").asText()),
        wide(
            "Source",
            "string",
            "The component that reported the event.",
            (o, n) ->
                o.path("source").path("component").asText(o.path("reportingComponent").asText())),
        Column.of("Message", "string", "What happened.", (o, n) -> o.path("message").asText()),
        wide(
            "First Seen",
            "string",
            "The time the event was first seen.",
            (o, n) -> Cells.age(o.path("firstTimestamp"), n)),
        wide(
            "Count",
            "string",
            "How often the event happened.",
            (o, n) -> o.path("count").asText("1")),
        wide(
            "Name",
            "string",
            "The event's name.",
            (o, n) -> o.path("metadata").path("name").asText()));
  }

  private static Object eventLastSeen(JsonNode event, Instant now) {
    for (String field : List.of("lastTimestamp", "eventTime", "firstTimestamp")) {
      if (Cells.instant(event.path(field)) != null) {
        return Cells.age(event.path(field), now);
      }
    }
    return Cells.age(event.path("metadata").path("creationTimestamp"), now);
  }

  private static String text(JsonNode object, String... path) {
    JsonNode node = object;
    for (String step : path) {
      node = node.path(step);
    }
    return node.isValueNode() ? node.asText() : "";
  }

  private static String orNone(String value) {
    return value.isEmpty() ? "<none>" : value;
  }

  /** The columns plus the pod template's -o wide columns: containers, images, selector. */
  private static List<Column> withPodTemplate(Column... columns) {
    List<Column> all = new java.util.ArrayList<>(List.of(columns));
    all.add(
        wide(
            "Containers",
            "string",
            "Names of each container in the template.",
            (o, n) ->
                Cells.joined(
                    Cells.containerField(o.path("spec").path("template").path("spec"), "name"))));
    all.add(
        wide(
            "Images",
            "string",
            "Images referenced by each container in the template.",
            (o, n) ->
                Cells.joined(
                    Cells.containerField(o.path("spec").path("template").path("spec"), "image"))));
    all.add(
        wide(
            "Selector",
            "string",
            "Label selector for pods.",
            (o, n) -> Cells.selector(o.path("spec").path("selector"))));
    return List.copyOf(all);
  }
}
