package io.drover.local.api.select;

import io.drover.local.api.resource.ResourceType;
import java.util.HashSet;
import java.util.Set;

/** The fields each kind can be selected by, as a real API server allows them. */
public final class SelectableFields {

  private SelectableFields() {}

  public static Set<String> of(ResourceType type) {
    Set<String> fields = new HashSet<>(Set.of("metadata.name", "metadata.namespace"));
    String key = type.group() + "/" + type.plural();
    switch (key) {
      case "/events" ->
          fields.addAll(
              Set.of(
                  "involvedObject.kind",
                  "involvedObject.namespace",
                  "involvedObject.name",
                  "involvedObject.uid",
                  "involvedObject.apiVersion",
                  "involvedObject.resourceVersion",
                  "involvedObject.fieldPath",
                  "reason",
                  "reportingComponent",
                  "source",
                  "type"));
      case "events.k8s.io/events" ->
          fields.addAll(
              Set.of(
                  "regarding.kind",
                  "regarding.namespace",
                  "regarding.name",
                  "regarding.uid",
                  "reason",
                  "reportingController",
                  "type"));
      case "/pods" ->
          fields.addAll(
              Set.of(
                  "spec.nodeName",
                  "spec.restartPolicy",
                  "spec.schedulerName",
                  "spec.serviceAccountName",
                  "spec.hostNetwork",
                  "status.phase",
                  "status.podIP",
                  "status.nominatedNodeName"));
      case "/secrets" -> fields.add("type");
      case "/namespaces" -> fields.add("status.phase");
      case "batch/jobs" -> fields.add("status.successful");
      case "apps/replicasets" -> fields.add("status.replicas");
      default -> {}
    }
    return fields;
  }
}
