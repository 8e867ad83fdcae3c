package io.drover.local.api.admission;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A synthetic CRD, {@code Widget} in {@code example.com/v1}, whose spec schema a test writes. */
final class Widgets {
  private Widgets() {}

  /** The CRD with {@code specSchema} (YAML) as {@code spec}, and a status subresource. */
  static ObjectNode crd(String specSchema) {
    ObjectNode crd =
        DroverFiles.yaml(
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              names: {kind: Widget, plural: widgets, singular: widget}
              scope: Namespaced
              versions:
                - name: v1
                  served: true
                  storage: true
                  subresources: {status: {}}
                  schema:
                    openAPIV3Schema:
                      type: object
                      properties:
                        status:
                          type: object
                          x-kubernetes-preserve-unknown-fields: true
            """);
    ObjectNode properties =
        (ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema/properties");
    properties.set("spec", DroverFiles.yaml(specSchema));
    return crd;
  }

  static CrdAdmission admission(String specSchema) {
    return new CrdAdmission(crd(specSchema));
  }

  /** A Widget named {@code w} with {@code spec} (YAML). */
  static ObjectNode widget(String spec) {
    ObjectNode widget =
        DroverFiles.yaml(
            """
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w
            """);
    widget.set("spec", DroverFiles.yaml(spec));
    return widget;
  }

  static AdmissionResult create(CrdAdmission admission, String spec) {
    return admission.admitCreate("v1", widget(spec), FieldValidation.STRICT);
  }

  static AdmissionException refusedCreate(CrdAdmission admission, String spec) {
    return catchThrowableOfType(AdmissionException.class, () -> create(admission, spec));
  }

  static AdmissionResult update(CrdAdmission admission, String oldSpec, String newSpec) {
    return admission.admitUpdate(
        "v1", widget(oldSpec), widget(newSpec), FieldValidation.STRICT, Subresource.MAIN);
  }

  static AdmissionException refusedUpdate(CrdAdmission admission, String oldSpec, String newSpec) {
    return catchThrowableOfType(
        AdmissionException.class, () -> update(admission, oldSpec, newSpec));
  }
}
