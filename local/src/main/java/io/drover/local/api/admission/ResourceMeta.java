package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What admission checks of {@code apiVersion}, {@code kind} and {@code metadata}: of the resource
 * itself only fields ObjectMeta does not have (decoding drops them) and the name (a DNS subdomain
 * of at most 253 characters); of resources embedded with {@code x-kubernetes-embedded-resource},
 * their type and metadata as kube-apiserver checks them. The rest of the resource's own metadata is
 * the API server's business.
 */
final class ResourceMeta {
  private static final Set<String> OBJECT_META =
      Set.of(
          "name",
          "generateName",
          "namespace",
          "selfLink",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "labels",
          "annotations",
          "ownerReferences",
          "finalizers",
          "managedFields");
  private static final Map<String, Set<String>> ITEM_FIELDS =
      Map.of(
          "ownerReferences",
          Set.of("apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion"),
          "managedFields",
          Set.of(
              "manager",
              "operation",
              "apiVersion",
              "time",
              "fieldsType",
              "fieldsV1",
              "subresource"));

  private static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_SUBDOMAIN = DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*";
  private static final Pattern SUBDOMAIN = Pattern.compile("^" + DNS1123_SUBDOMAIN + "$");
  private static final String DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS1035 = Pattern.compile("^" + DNS1035_LABEL + "$");
  private static final Pattern LABEL = Pattern.compile("^" + DNS1123_LABEL + "$");

  private ResourceMeta() {}

  /**
   * Removes fields ObjectMeta does not declare from {@code resource.metadata} and returns their
   * paths ({@code metadata.foo}, or {@code spec.template.metadata.foo} under {@code prefix}).
   */
  static List<String> pruneUnknownMetadata(JsonNode resource, FieldPath prefix) {
    List<String> unknown = new ArrayList<>();
    JsonNode metadata = resource.get("metadata");
    if (!(metadata instanceof ObjectNode meta)) {
      return unknown;
    }
    String base = prefix.child("metadata").toString();
    for (String k : Pruning.fieldNames(meta)) {
      if (!OBJECT_META.contains(k)) {
        unknown.add(base + "." + k);
        meta.remove(k);
        continue;
      }
      Set<String> itemFields = ITEM_FIELDS.get(k);
      if (itemFields != null && meta.get(k).isArray()) {
        for (int i = 0; i < meta.get(k).size(); i++) {
          if (meta.get(k).get(i) instanceof ObjectNode item) {
            for (String f : Pruning.fieldNames(item)) {
              if (!itemFields.contains(f)) {
                unknown.add(base + "." + k + "[" + i + "]." + f);
                item.remove(f);
              }
            }
          }
        }
      }
    }
    return unknown;
  }

  /** {@code ValidateObjectMetaAccessor}'s name checks for a new resource. */
  static List<FieldError> validateName(JsonNode resource, boolean pathSegmentNames) {
    List<FieldError> errors = new ArrayList<>();
    JsonNode metadata = resource.path("metadata");
    String generateName = metadata.path("generateName").asText("");
    String name = metadata.path("name").asText("");
    if (!generateName.isEmpty()) {
      String checked = pathSegmentNames ? generateName : maskTrailingDash(generateName);
      for (String msg : nameErrors(checked, pathSegmentNames, true)) {
        errors.add(FieldError.invalid("metadata.generateName", generateName, msg));
      }
    }
    if (name.isEmpty()) {
      errors.add(FieldError.required("metadata.name", "name or generateName is required"));
    } else {
      for (String msg : nameErrors(name, pathSegmentNames, false)) {
        errors.add(FieldError.invalid("metadata.name", name, msg));
      }
    }
    return errors;
  }

  private static List<String> nameErrors(String name, boolean pathSegment, boolean prefix) {
    List<String> errors = new ArrayList<>();
    if (pathSegment) {
      if (!prefix && (name.equals(".") || name.equals(".."))) {
        errors.add("may not be '" + name + "'");
        return errors;
      }
      for (String illegal : List.of("/", "%")) {
        if (name.contains(illegal)) {
          errors.add("may not contain '" + illegal + "'");
        }
      }
      return errors;
    }
    if (name.length() > 253) {
      errors.add("must be no more than 253 characters");
    }
    if (!SUBDOMAIN.matcher(name).matches()) {
      errors.add(
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-'"
              + " or '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
              + " regex used for validation is '"
              + DNS1123_SUBDOMAIN
              + "')");
    }
    return errors;
  }

  private static String maskTrailingDash(String name) {
    return name.length() > 1 && name.endsWith("-")
        ? name.substring(0, name.length() - 2) + "a"
        : name;
  }

  /**
   * Decoding of embedded resources ({@code objectmeta.Coerce}): their apiVersion and kind must be
   * strings, and fields their metadata does not declare are dropped. Returns the dropped paths; a
   * non-string type field is a decoding error, reported through {@code decodingError}.
   */
  static List<String> coerceEmbedded(
      FieldPath path, JsonNode x, Schema s, List<FieldError> decodingError) {
    List<String> unknown = new ArrayList<>();
    coerce(path, x, s, unknown, decodingError);
    unknown.sort(null);
    return unknown;
  }

  private static void coerce(
      FieldPath path, JsonNode x, Schema s, List<String> unknown, List<FieldError> error) {
    if (s == null || !s.hasEmbeddedResources || !error.isEmpty()) {
      return;
    }
    if (x.isObject()) {
      if (s.embeddedResource) {
        for (String k : List.of("apiVersion", "kind")) {
          JsonNode v = x.get(k);
          if (v != null && !v.isTextual()) {
            error.add(FieldError.invalid(path.child(k).toString(), v, "must be a string"));
            return;
          }
        }
        unknown.addAll(pruneUnknownMetadata(x, path));
      }
      for (String k : Pruning.fieldNames((ObjectNode) x)) {
        Schema prop = s.properties != null ? s.properties.get(k) : null;
        if (prop != null) {
          coerce(path.child(k), x.get(k), prop, unknown, error);
        } else if (s.additionalProperties != null) {
          coerce(path.key(k), x.get(k), s.additionalProperties, unknown, error);
        }
      }
    } else if (x.isArray()) {
      for (int i = 0; i < x.size(); i++) {
        coerce(path.index(i), x.get(i), s.items, unknown, error);
      }
    }
  }

  /** {@code objectmeta.Validate}: the type and metadata of embedded resources. */
  static void validateEmbedded(FieldPath path, JsonNode x, Schema s, List<FieldError> errors) {
    if (s == null || !s.hasEmbeddedResources) {
      return;
    }
    if (x.isObject()) {
      if (s.embeddedResource) {
        validateEmbeddedResource(path, x, errors);
      }
      x.fields()
          .forEachRemaining(
              e -> {
                Schema prop = s.properties != null ? s.properties.get(e.getKey()) : null;
                if (prop != null) {
                  validateEmbedded(path.child(e.getKey()), e.getValue(), prop, errors);
                } else if (s.additionalProperties != null) {
                  validateEmbedded(
                      path.key(e.getKey()), e.getValue(), s.additionalProperties, errors);
                }
              });
    } else if (x.isArray()) {
      for (int i = 0; i < x.size(); i++) {
        validateEmbedded(path.index(i), x.get(i), s.items, errors);
      }
    }
  }

  private static void validateEmbeddedResource(
      FieldPath path, JsonNode x, List<FieldError> errors) {
    if (!x.has("apiVersion")) {
      errors.add(FieldError.required(path.child("apiVersion").toString(), ""));
    }
    if (!x.has("kind")) {
      errors.add(FieldError.required(path.child("kind").toString(), ""));
    }
    JsonNode apiVersion = x.get("apiVersion");
    if (apiVersion != null) {
      String field = path.child("apiVersion").toString();
      if (!apiVersion.isTextual()) {
        errors.add(FieldError.invalid(field, apiVersion, "must be a string"));
      } else if (apiVersion.textValue().isEmpty()) {
        errors.add(FieldError.invalid(field, "", "must not be empty"));
      } else if (apiVersion.textValue().chars().filter(c -> c == '/').count() > 1) {
        errors.add(
            FieldError.invalid(
                field, apiVersion, "unexpected GroupVersion string: " + apiVersion.textValue()));
      }
    }
    JsonNode kind = x.get("kind");
    if (kind != null) {
      String field = path.child("kind").toString();
      if (!kind.isTextual()) {
        errors.add(FieldError.invalid(field, kind, "must be a string"));
      } else if (kind.textValue().isEmpty()) {
        errors.add(FieldError.invalid(field, "", "must not be empty"));
      } else {
        List<String> problems = dns1035Errors(kind.textValue().toLowerCase(Locale.ROOT));
        if (!problems.isEmpty()) {
          errors.add(
              FieldError.invalid(
                  field,
                  kind,
                  "may have mixed case, but should otherwise match: "
                      + String.join(",", problems)));
        }
      }
    }
    JsonNode metadata = x.get("metadata");
    if (metadata != null && metadata.isObject()) {
      ObjectNode meta = (ObjectNode) metadata.deepCopy();
      if (meta.path("name").asText("").isEmpty()) {
        meta.put("name", "fakename");
      }
      ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
      wrapper.set("metadata", meta);
      for (FieldError e : validateName(wrapper, true)) {
        errors.add(
            new FieldError(path.child(e.field()).toString(), e.type(), e.message(), e.badValue()));
      }
      String namespace = meta.path("namespace").asText("");
      if (!namespace.isEmpty()) {
        String field = path.child("metadata").child("namespace").toString();
        if (namespace.length() > 63) {
          errors.add(FieldError.invalid(field, namespace, "must be no more than 63 characters"));
        }
        if (!LABEL.matcher(namespace).matches() && SUBDOMAIN.matcher(namespace).matches()) {
          errors.add(FieldError.invalid(field, namespace, "must not contain dots"));
        } else if (!LABEL.matcher(namespace).matches()) {
          errors.add(
              FieldError.invalid(
                  field,
                  namespace,
                  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters"
                      + " or '-', and must start and end with an alphanumeric character (e.g."
                      + " 'my-name',  or '123-abc', regex used for validation is '"
                      + DNS1123_LABEL
                      + "')"));
        }
      }
    }
  }

  private static List<String> dns1035Errors(String value) {
    List<String> errors = new ArrayList<>();
    if (value.length() > 63) {
      errors.add("must be no more than 63 characters");
    }
    if (!DNS1035.matcher(value).matches()) {
      errors.add(
          "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with"
              + " an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', "
              + " or 'abc-123', regex used for validation is '"
              + DNS1035_LABEL
              + "')");
    }
    return errors;
  }
}
