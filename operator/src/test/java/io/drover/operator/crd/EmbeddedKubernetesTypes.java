package io.drover.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.drover.operator.api.common.ApiGroup;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Descriptions and bounds for the Kubernetes types Drover's API embeds (Toleration, EnvVar,
 * Condition). The Fabric8 generator copies their structure from the model classes, which carry no
 * descriptions or limits, so {@code kubectl explain} showed nothing under them and any operator or
 * length passed admission. The texts follow the Kubernetes API reference; the bounds are what the
 * pods Drover creates accept.
 */
final class EmbeddedKubernetesTypes {

  /** Embedded types by the name of the list property that holds them. */
  private static final Map<String, Consumer<JSONSchemaProps>> BY_LIST_NAME =
      Map.of(
          "tolerations", EmbeddedKubernetesTypes::toleration,
          "env", EmbeddedKubernetesTypes::envVar,
          "conditions", EmbeddedKubernetesTypes::condition);

  private EmbeddedKubernetesTypes() {}

  /** Describes and bounds every embedded type found under {@code schema}. */
  static void describe(JSONSchemaProps schema) {
    if (schema == null) {
      return;
    }
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach(
              (name, child) -> {
                Consumer<JSONSchemaProps> patch = BY_LIST_NAME.get(name);
                if (patch != null && "array".equals(child.getType())) {
                  patch.accept(child.getItems().getSchema());
                }
                describe(child);
              });
    }
    if (schema.getItems() != null) {
      describe(schema.getItems().getSchema());
    }
    if (schema.getAdditionalProperties() != null) {
      describe(schema.getAdditionalProperties().getSchema());
    }
  }

  private static void toleration(JSONSchemaProps item) {
    item.setDescription(
        "A taint the pod tolerates, so it may run on nodes with that taint (Kubernetes"
            + " core/v1 Toleration).");
    text(
        item,
        "key",
        317,
        "Taint key matched, e.g. nvidia.com/gpu. Empty, with operator Exists, matches every"
            + " taint.");
    choice(
        item,
        "operator",
        List.of("Exists", "Equal"),
        "Equal (default) matches taints whose value is value; Exists matches any value.");
    text(item, "value", 63, "Taint value matched with operator Equal; empty with Exists.");
    choice(
        item,
        "effect",
        List.of("NoSchedule", "PreferNoSchedule", "NoExecute"),
        "Taint effect matched: NoSchedule, PreferNoSchedule or NoExecute. Unset matches all.");
    JSONSchemaProps seconds = property(item, "tolerationSeconds");
    seconds.setDescription(
        "NoExecute only: seconds the pod stays on a node after the taint appears before it is"
            + " evicted. Unset: forever.");
    seconds.setMinimum(0.0);
  }

  private static void envVar(JSONSchemaProps item) {
    item.setDescription("An environment variable of the container (Kubernetes core/v1 EnvVar).");
    text(item, "name", 256, "Variable name, e.g. LOG_LEVEL; unique in the list.");
    item.setRequired(List.of("name"));
    text(
        item,
        "value",
        32768,
        "Value; $(VAR) references to earlier variables are expanded. Cannot be used with"
            + " valueFrom.");
    JSONSchemaProps from = property(item, "valueFrom");
    from.setDescription(
        "Where the value comes from: one of configMapKeyRef, secretKeyRef, fieldRef,"
            + " resourceFieldRef or fileKeyRef. Cannot be used with value.");
    keyRef(property(from, "configMapKeyRef"), "ConfigMap");
    keyRef(property(from, "secretKeyRef"), "Secret");
    JSONSchemaProps field = property(from, "fieldRef");
    field.setDescription("A field of the pod, e.g. metadata.name or status.podIP.");
    text(field, "apiVersion", 64, "Version of the schema fieldPath is written in; default v1.");
    text(field, "fieldPath", 256, "Path of the field, e.g. metadata.namespace.");
    JSONSchemaProps resource = property(from, "resourceFieldRef");
    resource.setDescription("A resource request or limit of a container, e.g. limits.memory.");
    text(resource, "containerName", 63, "Container whose resource is read; default this one.");
    text(resource, "resource", 64, "Resource read, e.g. limits.cpu or requests.memory.");
    JSONSchemaProps divisor = property(resource, "divisor");
    divisor.setDescription("Unit the value is given in, a quantity such as 1Mi; default 1.");
    ValidationRule quantity = new ValidationRule();
    quantity.setRule(ApiGroup.QUANTITY_RULE);
    quantity.setMessage(
        "env[].valueFrom.resourceFieldRef.divisor must be a non-negative Kubernetes quantity such"
            + " as 1Mi");
    divisor.setXKubernetesValidations(List.of(quantity));
    JSONSchemaProps file = property(from, "fileKeyRef");
    file.setDescription("A key of an env file in a volume of the pod.");
    text(file, "volumeName", 63, "The volume holding the env file.");
    text(file, "path", 1024, "Path of the env file inside the volume.");
    text(file, "key", 256, "The variable in the file.");
    property(file, "optional")
        .setDescription("Leave the variable unset if the file or key is missing.");
  }

  private static void keyRef(JSONSchemaProps ref, String kind) {
    ref.setDescription("A key of a " + kind + " in the pod's namespace.");
    text(ref, "name", 253, "Name of the " + kind + ".");
    text(ref, "key", 253, "The key whose value is used.");
    property(ref, "optional")
        .setDescription("Leave the variable unset if the " + kind + " or key is missing.");
  }

  private static void condition(JSONSchemaProps item) {
    item.setDescription(
        "One aspect of the object's state, following Kubernetes API conventions (meta/v1"
            + " Condition).");
    property(item, "type").setDescription("What the condition is about, e.g. Ready.");
    property(item, "status").setDescription("True, False or Unknown.");
    property(item, "reason").setDescription("Why the status is what it is, in one CamelCase word.");
    property(item, "message").setDescription("What happened, in a sentence for people.");
    property(item, "lastTransitionTime").setDescription("When the status last changed (RFC 3339).");
    property(item, "observedGeneration")
        .setDescription("The metadata.generation the condition was set for.");
  }

  private static void text(JSONSchemaProps parent, String name, long maxLength, String text) {
    JSONSchemaProps p = property(parent, name);
    p.setDescription(text);
    p.setMaxLength(maxLength);
  }

  private static void choice(
      JSONSchemaProps parent, String name, List<String> values, String text) {
    JSONSchemaProps p = property(parent, name);
    p.setDescription(text);
    p.setEnum(values.stream().<JsonNode>map(TextNode::new).toList());
  }

  /** The named property; a generator or model change that drops it must not pass unnoticed. */
  private static JSONSchemaProps property(JSONSchemaProps parent, String name) {
    JSONSchemaProps p = parent.getProperties() == null ? null : parent.getProperties().get(name);
    if (p == null) {
      throw new IllegalStateException(
          "embedded Kubernetes type lost its property "
              + name
              + ": update EmbeddedKubernetesTypes");
    }
    return p;
  }
}
