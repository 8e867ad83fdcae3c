package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates and prunes custom resources against their CRD's structural schema and CEL rules, as
 * kube-apiserver (1.36) does for apiextensions.k8s.io/v1 CRDs: unknown fields are dropped (or
 * refused under strict field validation), defaults applied, the OpenAPI v3 schema, list types,
 * embedded resources and {@code x-kubernetes-validations} checked, with kube-apiserver's field
 * paths and messages and its ratcheting of unchanged values on update.
 *
 * <p>Rules are compiled once, in the constructor; an instance is immutable and safe to share
 * between threads. The caller (the API server) owns everything else about metadata: it generates
 * names from generateName before calling, sets namespace, uid, resourceVersion, generation and
 * timestamps, and checks metadata immutability on update.
 */
public final class CrdAdmission {
  private static final String RULES_SKIPPED =
      "some validation rules were not checked because the object was invalid; correct the"
          + " existing errors to complete validation";

  private final String name;
  private final String group;
  private final String kind;
  private final Map<String, Version> versions = new LinkedHashMap<>();

  /** A served version: its schema, whether it has /status, and its compiled rules. */
  private record Version(
      String name,
      Schema schema,
      Schema statusSchema,
      boolean statusSubresource,
      CelRules.Node rules) {}

  /**
   * Reads a CustomResourceDefinition (apiextensions.k8s.io/v1, as JSON) and compiles its rules.
   *
   * @throws IllegalArgumentException if it is not a v1 CRD with a schema for each served version,
   *     or a rule or pattern does not compile (the message names the CRD and the rule)
   */
  public CrdAdmission(JsonNode crd) {
    if (crd == null || !"CustomResourceDefinition".equals(crd.path("kind").asText())) {
      throw new IllegalArgumentException("not a CustomResourceDefinition: " + crd);
    }
    this.name = crd.path("metadata").path("name").asText();
    JsonNode spec = crd.path("spec");
    this.group = spec.path("group").asText();
    this.kind = spec.path("names").path("kind").asText();
    if (group.isEmpty() || kind.isEmpty()) {
      throw new IllegalArgumentException(
          "CustomResourceDefinition " + name + ": spec.group and spec.names.kind are required");
    }
    for (JsonNode v : spec.path("versions")) {
      if (!v.path("served").asBoolean(false)) {
        continue;
      }
      String version = v.path("name").asText();
      JsonNode openApi = v.path("schema").path("openAPIV3Schema");
      if (!openApi.isObject()) {
        throw new IllegalArgumentException(
            "CustomResourceDefinition "
                + name
                + ": version "
                + version
                + " has no schema.openAPIV3Schema (apiextensions.k8s.io/v1 requires one)");
      }
      Schema schema;
      try {
        schema = Schema.parse(openApi);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "CustomResourceDefinition " + name + ", version " + version + ": " + e.getMessage(), e);
      }
      boolean status = v.path("subresources").has("status");
      Schema statusSchema = schema.properties == null ? null : schema.properties.get("status");
      versions.put(
          version,
          new Version(
              version, schema, statusSchema, status, CelRules.compile(name, version, schema)));
    }
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("CustomResourceDefinition " + name + " serves no version");
    }
  }

  /**
   * Admits a new object. Returns it pruned and defaulted (without status if the CRD has a status
   * subresource), with warnings.
   *
   * @throws AdmissionException 422 Invalid with the field errors, or 400 BadRequest for unknown
   *     fields under {@link FieldValidation#STRICT}
   * @throws IllegalArgumentException if the CRD does not serve {@code version}
   */
  public AdmissionResult admitCreate(String version, ObjectNode object, FieldValidation mode) {
    Version v = version(version);
    List<String> warnings = new ArrayList<>();
    ObjectNode obj = decode(v, object, mode, warnings);
    if (v.statusSubresource()) {
      obj.remove("status");
    }
    List<FieldError> errors = typeMeta(obj);
    if (errors.isEmpty()) {
      errors.addAll(ResourceMeta.validateName(obj, false));
      errors.addAll(OpenApiValidator.validate(v.schema(), obj, "", null).toFieldErrors(null));
    }
    ResourceMeta.validateEmbedded(FieldPath.ROOT, obj, v.schema(), errors);
    errors.addAll(ListTypes.validate(obj, v.schema()));
    rules(v, obj, null, errors, warnings);
    return admitted(obj, errors, warnings);
  }

  /**
   * Admits an update of {@code oldObject} (as stored) to {@code newObject}. Through {@link
   * Subresource#MAIN}, a CRD with a status subresource keeps the stored status; through {@link
   * Subresource#STATUS}, only the new status is taken and the rest is the stored object. Errors in
   * values left unchanged are not reported (ratcheting); transition rules see the stored values as
   * {@code oldSelf}.
   *
   * @throws AdmissionException 422 Invalid with the field errors, or 400 BadRequest for unknown
   *     fields under {@link FieldValidation#STRICT}
   * @throws IllegalArgumentException if the CRD does not serve {@code version}, or has no status
   *     subresource for a {@link Subresource#STATUS} update
   */
  public AdmissionResult admitUpdate(
      String version,
      ObjectNode oldObject,
      ObjectNode newObject,
      FieldValidation mode,
      Subresource subresource) {
    Version v = version(version);
    List<String> warnings = new ArrayList<>();
    ObjectNode obj = decode(v, newObject, mode, warnings);
    ObjectNode old = stored(v, oldObject);
    List<FieldError> errors;
    if (subresource == Subresource.STATUS) {
      if (!v.statusSubresource()) {
        throw new IllegalArgumentException(
            "CustomResourceDefinition " + name + " has no status subresource in " + v.name());
      }
      ObjectNode updated = old.deepCopy();
      if (obj.has("status")) {
        updated.set("status", obj.get("status"));
      } else {
        updated.remove("status");
      }
      obj = updated;
      errors = typeMeta(obj);
      if (errors.isEmpty() && obj.has("status") && v.statusSchema() != null) {
        Correlation stored =
            old.has("status")
                ? Correlation.of(obj.get("status"), old.get("status"), v.statusSchema())
                : null;
        errors.addAll(
            OpenApiValidator.validate(v.statusSchema(), obj.get("status"), "", stored)
                .toFieldErrors("status"));
      }
    } else {
      if (v.statusSubresource()) {
        if (old.has("status")) {
          obj.set("status", old.get("status").deepCopy());
        } else {
          obj.remove("status");
        }
      }
      errors = typeMeta(obj);
      if (errors.isEmpty()) {
        errors.addAll(
            OpenApiValidator.validate(v.schema(), obj, "", Correlation.of(obj, old, v.schema()))
                .toFieldErrors(null));
      }
      ResourceMeta.validateEmbedded(FieldPath.ROOT, obj, v.schema(), errors);
    }
    // list-type errors count only if the stored object had none (ratcheting)
    List<FieldError> listErrors = ListTypes.validate(obj, v.schema());
    if (!listErrors.isEmpty() && ListTypes.validate(old, v.schema()).isEmpty()) {
      errors.addAll(listErrors);
    }
    rules(v, obj, old, errors, warnings);
    return admitted(obj, errors, warnings);
  }

  private Version version(String version) {
    Version v = versions.get(version);
    if (v == null) {
      throw new IllegalArgumentException(
          "CustomResourceDefinition " + name + " does not serve version " + version);
    }
    return v;
  }

  /**
   * What kube-apiserver's decoder does to a request body: unknown fields dropped (refused when
   * strict, reported when warning), nulls the schema does not allow dropped, defaults applied.
   */
  private ObjectNode decode(
      Version v, ObjectNode object, FieldValidation mode, List<String> warnings) {
    ObjectNode obj = object.deepCopy();
    String bodyKind = obj.path("kind").asText(kind);
    String bodyVersion = obj.path("apiVersion").asText(group + "/" + v.name());
    if (!obj.has("apiVersion")) {
      obj.put("apiVersion", group + "/" + v.name());
    }
    if (!obj.has("kind")) {
      obj.put("kind", kind);
    }
    boolean track = mode != FieldValidation.IGNORE;
    List<String> unknown = new ArrayList<>(ResourceMeta.pruneUnknownMetadata(obj, FieldPath.ROOT));
    unknown.addAll(Pruning.pruneResource(obj, v.schema(), track));
    Pruning.pruneNonNullableNulls(obj, v.schema());
    List<FieldError> malformed = new ArrayList<>();
    unknown.addAll(ResourceMeta.coerceEmbedded(FieldPath.ROOT, obj, v.schema(), malformed));
    String cannotHandle =
        bodyKind
            + " in version "
            + GoValues.quote(versionOf(bodyVersion))
            + " cannot be handled as a "
            + kind
            + ": ";
    if (!malformed.isEmpty()) {
      throw AdmissionException.badRequest(
          cannotHandle + malformed.get(0), kind, group, nameOf(obj), malformed);
    }
    if (!bodyVersion.equals(group + "/" + v.name())) {
      throw AdmissionException.badRequest(
          "the API version in the data ("
              + bodyVersion
              + ") does not match the expected API version ("
              + group
              + "/"
              + v.name()
              + ")",
          kind,
          group,
          nameOf(obj),
          List.of());
    }
    if (!track) {
      unknown.clear();
    }
    if (mode == FieldValidation.STRICT && !unknown.isEmpty()) {
      List<FieldError> causes = unknown.stream().map(FieldError::unknownField).toList();
      List<String> each = causes.stream().map(FieldError::message).toList();
      throw AdmissionException.strict(
          cannotHandle,
          "strict decoding error: " + String.join(", ", each),
          kind,
          group,
          nameOf(obj),
          causes);
    }
    if (mode == FieldValidation.WARN) {
      unknown.forEach(u -> warnings.add(FieldError.unknownField(u).message()));
    }
    Defaulting.apply(obj, v.schema());
    return obj;
  }

  /** The stored object as the API server reads it back: pruned and defaulted by today's schema. */
  private static ObjectNode stored(Version v, ObjectNode stored) {
    ObjectNode old = stored.deepCopy();
    ResourceMeta.pruneUnknownMetadata(old, FieldPath.ROOT);
    Pruning.pruneResource(old, v.schema(), false);
    Pruning.pruneNonNullableNulls(old, v.schema());
    Defaulting.apply(old, v.schema());
    return old;
  }

  /** {@code ValidateTypeMeta}: the kind must be the CRD's (the version was checked on decoding). */
  private List<FieldError> typeMeta(ObjectNode obj) {
    List<FieldError> errors = new ArrayList<>();
    String bodyKind = obj.path("kind").asText();
    if (!bodyKind.equals(kind)) {
      errors.add(FieldError.invalid("kind", bodyKind, "must be " + kind));
    }
    return errors;
  }

  private void rules(
      Version v, ObjectNode obj, ObjectNode old, List<FieldError> errors, List<String> warnings) {
    if (v.rules() == null) {
      return;
    }
    if (errors.stream().anyMatch(FieldError::blocksRules)) {
      errors.add(FieldError.invalid("<nil>", null, RULES_SKIPPED));
      return;
    }
    RuleEvaluation.run(v.rules(), v.schema(), obj, old, errors, warnings);
  }

  private AdmissionResult admitted(ObjectNode obj, List<FieldError> errors, List<String> warnings) {
    if (!errors.isEmpty()) {
      throw AdmissionException.invalid(kind, group, nameOf(obj), errors);
    }
    return new AdmissionResult(obj, warnings);
  }

  private static String nameOf(ObjectNode obj) {
    return obj.path("metadata").path("name").asText("");
  }

  private static String versionOf(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
  }
}
