package io.drover.local.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.admission.AdmissionException;
import io.drover.local.api.admission.AdmissionResult;
import io.drover.local.api.admission.CrdAdmission;
import io.drover.local.api.admission.FieldValidation;
import io.drover.local.api.admission.Subresource;
import io.drover.local.api.object.Json;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.resource.ResourceRegistry;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admission of custom objects against their CRD (structural schema, pruning, defaults, CEL rules)
 * through {@link CrdAdmission}, compiled once per CRD revision. A refusal becomes the Status a real
 * API server answers: 422 Invalid with one cause per field, or 400 for unknown fields under Strict
 * validation.
 */
public final class CustomResourceAdmission {

  /** A CRD's compiled admission, for the revision it was compiled from. */
  private record Compiled(String resourceVersion, CrdAdmission admission) {}

  private final ResourceRegistry registry;
  private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

  public CustomResourceAdmission(ResourceRegistry registry) {
    this.registry = registry;
  }

  /**
   * Compiles a CRD's schema and rules, refusing a CRD that cannot be served.
   *
   * @throws ApiException 422 naming what does not compile
   */
  CrdAdmission compile(ResourceType crdType, ObjectNode crd) {
    try {
      return new CrdAdmission(crd);
    } catch (IllegalArgumentException e) {
      throw Invalid.of(
          crdType,
          Metadata.name(crd),
          new Invalid.Cause(
              "FieldValueInvalid", "spec.versions", "Invalid value: " + e.getMessage()));
    }
  }

  /** Keeps what {@link #compile} made for the CRD as stored, so it is not compiled again. */
  void remember(ObjectNode storedCrd, CrdAdmission admission) {
    compiled.put(
        Metadata.name(storedCrd), new Compiled(Metadata.resourceVersion(storedCrd), admission));
  }

  AdmissionResult admitCreate(ResourceType type, ObjectNode object, FieldValidation validation) {
    try {
      return admission(type).admitCreate(type.version(), object, validation);
    } catch (AdmissionException e) {
      throw refusal(e);
    }
  }

  /**
   * @param patched the patched object when the update came as a PATCH, else null: a real server
   *     words a refusal of unknown fields differently then
   */
  AdmissionResult admitUpdate(
      ResourceType type,
      ObjectNode oldObject,
      ObjectNode newObject,
      FieldValidation validation,
      boolean status,
      ObjectNode patched) {
    try {
      return admission(type)
          .admitUpdate(
              type.version(),
              oldObject,
              newObject,
              validation,
              status ? Subresource.STATUS : Subresource.MAIN);
    } catch (AdmissionException e) {
      throw refusal(patched == null ? e : e.asPatchRefusal(Json.write(patched)));
    }
  }

  private CrdAdmission admission(ResourceType type) {
    JsonNode crd =
        registry.crdOf(type).orElseThrow(() -> ApiException.notFound(type, type.plural()));
    String name = Metadata.name(crd);
    String revision = Metadata.resourceVersion(crd);
    return compiled
        .compute(
            name,
            (key, known) ->
                known != null && known.resourceVersion().equals(revision)
                    ? known
                    : new Compiled(revision, new CrdAdmission(crd)))
        .admission();
  }

  private static ApiException refusal(AdmissionException e) {
    JsonNode details = e.status().get("details");
    return new ApiException(
        e.code(), e.reason(), e.getMessage(), details instanceof ObjectNode d ? d : null);
  }
}
