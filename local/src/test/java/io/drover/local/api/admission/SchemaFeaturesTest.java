package io.drover.local.api.admission;

import static io.drover.local.api.admission.Widgets.create;
import static io.drover.local.api.admission.Widgets.refusedCreate;
import static io.drover.local.api.admission.Widgets.widget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * Schema features Drover's CRDs do not use (yet), on synthetic CRDs, with the errors kube-apiserver
 * reports for them.
 */
class SchemaFeaturesTest {
  @Test
  void listMapsAndSetsRefuseRepeatedKeysOnTheSecondOccurrence() {
    CrdAdmission admission =
        Widgets.admission(
            """
            type: object
            properties:
              ports:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    port: {type: integer}
              routes:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [host, path]
                items:
                  type: object
                  properties:
                    host: {type: string}
                    path: {type: string}
              tags:
                type: array
                x-kubernetes-list-type: set
                items: {type: string}
            """);

    assertThat(create(admission, "{ports: [{name: http}, {name: grpc}], tags: [a, b]}").object())
        .isNotNull();
    AdmissionException e =
        refusedCreate(
            admission,
            """
            ports: [{name: http, port: 80}, {name: http, port: 8080}, {name: grpc}]
            routes: [{host: a, path: /}, {host: a, path: /x}, {host: a, path: /}]
            tags: [a, b, a, a]
            """);

    assertThat(e.causes())
        .extracting(FieldError::field, FieldError::type, FieldError::message)
        .containsExactly(
            tuple("spec.ports[1]", "FieldValueDuplicate", "Duplicate value: {\"name\":\"http\"}"),
            tuple(
                "spec.routes[2]",
                "FieldValueDuplicate",
                "Duplicate value: {\"host\":\"a\",\"path\":\"/\"}"),
            tuple("spec.tags[2]", "FieldValueDuplicate", "Duplicate value: \"a\""));
  }

  @Test
  void intOrStringTakesEitherAndRulesSeeTheRealType() {
    CrdAdmission admission =
        Widgets.admission(
            """
            type: object
            properties:
              port:
                x-kubernetes-int-or-string: true
                anyOf: [{type: integer}, {type: string}]
            x-kubernetes-validations:
              - rule: "self.port == 'http' || self.port > 1023"
                message: "a numbered port must be unprivileged"
            """);

    assertThat(create(admission, "{port: 8080}").object().at("/spec/port").asInt()).isEqualTo(8080);
    assertThat(create(admission, "{port: http}").object().at("/spec/port").asText())
        .isEqualTo("http");
    assertThat(refusedCreate(admission, "{port: 80}").causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(tuple("spec", "Invalid value: a numbered port must be unprivileged"));
    assertThat(refusedCreate(admission, "{port: grpc}").causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple(
                "spec",
                "Invalid value: \"object\": 'no such overload': call arguments did not match a"
                    + " supported operator, function or macro signature for rule: a numbered port"
                    + " must be unprivileged"));
  }

  @Test
  void preserveUnknownFieldsKeepsUnknownFieldsButPrunesDeclaredObjects() {
    CrdAdmission admission =
        Widgets.admission(
            """
            type: object
            properties:
              config:
                type: object
                x-kubernetes-preserve-unknown-fields: true
                properties:
                  known:
                    type: object
                    properties:
                      a: {type: string}
            """);
    ObjectNode widget =
        widget("{config: {anything: {deep: [1, 2]}, known: {a: x, b: y}}, extra: true}");

    AdmissionResult result = admission.admitCreate("v1", widget, FieldValidation.WARN);

    assertThat(result.warnings())
        .containsExactly("unknown field \"spec.config.known.b\"", "unknown field \"spec.extra\"");
    assertThat(result.object().get("spec"))
        .isEqualTo(DroverFiles.yaml("{config: {anything: {deep: [1, 2]}, known: {a: x}}}"));
  }

  @Test
  void defaultsFillMissingFieldsAndNullsBeforeValidation() {
    CrdAdmission admission =
        Widgets.admission(
            """
            type: object
            properties:
              replicas: {type: integer, default: 1, minimum: 1}
              mode: {type: string, default: Fast, enum: [Fast, Safe]}
              limits:
                type: object
                default: {}
                properties:
                  cpu: {type: string, default: "1"}
              steps:
                type: array
                items:
                  type: object
                  properties:
                    weight: {type: integer, default: 10}
              note: {type: string, nullable: true, default: none}
            x-kubernetes-validations:
              - rule: "self.replicas >= 1 && self.limits.cpu == '1'"
            """);

    AdmissionResult result =
        create(admission, "{mode: null, steps: [{}, {weight: 5}], note: null}");

    assertThat(result.object().get("spec"))
        .isEqualTo(
            DroverFiles.yaml(
                """
                mode: Fast
                steps: [{weight: 10}, {weight: 5}]
                note: null
                replicas: 1
                limits: {cpu: "1"}
                """));
    AdmissionResult updated =
        Widgets.update(admission, "{replicas: 3}", "{replicas: 3, steps: [{}]}");
    assertThat(updated.object().at("/spec/steps/0/weight").asInt()).isEqualTo(10);
    assertThat(updated.object().at("/spec/mode").asText()).isEqualTo("Fast");
  }

  @Test
  void formatsAreCheckedAsKubernetesChecksThem() {
    CrdAdmission admission =
        Widgets.admission(
            """
            type: object
            properties:
              at: {type: string, format: date-time}
              day: {type: string, format: date}
              every: {type: string, format: duration}
              blob: {type: string, format: byte}
              count: {type: integer, format: int32}
              id: {type: string, format: uuid}
              host: {type: string, format: hostname}
              ip: {type: string, format: ipv4}
              whatever: {type: string, format: no-such-format}
            """);

    assertThat(
            create(
                    admission,
                    """
                    at: "2026-11-22T10:00:00Z"
                    day: "2028-02-29"
                    every: 5 minutes
                    blob: aGVsbG8=
                    count: 5
                    id: 0b8f4c3e-1d2a-4f5b-9c6d-7e8f9a0b1c2d
                    host: models.example.com
                    ip: 10.0.0.1
                    whatever: anything at all
                    """)
                .object())
        .isNotNull();
    AdmissionException e =
        refusedCreate(
            admission,
            """
            at: yesterday
            day: "2026-02-29"
            every: soon
            blob: not base64!
            count: 3000000000
            id: not-a-uuid
            ip: 10.0.0.256
            """);

    assertThat(e.causes())
        .extracting(FieldError::field, FieldError::type, FieldError::message)
        .containsExactly(
            tuple(
                "spec.at",
                "FieldValueTypeInvalid",
                "Invalid value: \"yesterday\": spec.at in body must be of type date-time:"
                    + " \"yesterday\""),
            tuple(
                "spec.day",
                "FieldValueTypeInvalid",
                "Invalid value: \"2026-02-29\": spec.day in body must be of type date:"
                    + " \"2026-02-29\""),
            tuple(
                "spec.every",
                "FieldValueTypeInvalid",
                "Invalid value: \"soon\": spec.every in body must be of type duration: \"soon\""),
            tuple(
                "spec.blob",
                "FieldValueTypeInvalid",
                "Invalid value: \"not base64!\": spec.blob in body must be of type byte: \"not"
                    + " base64!\""),
            tuple(
                "<nil>",
                "FieldValueInvalid",
                "Invalid value: \"\": Checked value must be of type integer with format int32 in"
                    + " spec.count"),
            tuple(
                "spec.id",
                "FieldValueTypeInvalid",
                "Invalid value: \"not-a-uuid\": spec.id in body must be of type uuid:"
                    + " \"not-a-uuid\""),
            tuple(
                "spec.ip",
                "FieldValueTypeInvalid",
                "Invalid value: \"10.0.0.256\": spec.ip in body must be of type ipv4:"
                    + " \"10.0.0.256\""));
  }

  @Test
  void stringArrayAndObjectLimits() {
    CrdAdmission admission =
        Widgets.admission(
            """
            type: object
            properties:
              name: {type: string, minLength: 3, maxLength: 5, pattern: '^[a-z]+$'}
              ratio: {type: number, minimum: 0, maximum: 1, exclusiveMaximum: true}
              step: {type: integer, multipleOf: 5}
              share: {type: number, multipleOf: 0.25}
              tags: {type: array, minItems: 1, maxItems: 2, uniqueItems: true, items: {type: string}}
              labels:
                type: object
                minProperties: 1
                maxProperties: 2
                additionalProperties: {type: string}
            """);

    assertThat(
            create(
                    admission,
                    "{name: abc, ratio: 0.5, step: 10, share: 0.75, tags: [a], labels: {a: b}}")
                .object())
        .isNotNull();
    assertThat(
            refusedCreate(
                    admission,
                    "{name: toolong, ratio: 1, step: 7, share: 0.3, tags: [a, b, c], labels: {a: x, b: y, c: z}}")
                .causes())
        .extracting(FieldError::field, FieldError::type, FieldError::message)
        .containsExactly(
            tuple("spec.name", "FieldValueTooLong", "Too long: may not be more than 5 bytes"),
            tuple(
                "spec.ratio",
                "FieldValueInvalid",
                "Invalid value: 1: spec.ratio in body should be less than 1"),
            tuple(
                "spec.step",
                "FieldValueInvalid",
                "Invalid value: 7: spec.step in body should be a multiple of 5"),
            tuple(
                "spec.share",
                "FieldValueInvalid",
                "Invalid value: 0.3: spec.share in body should be a multiple of 0.25"),
            tuple("spec.tags", "FieldValueTooMany", "Too many: 3: must have at most 2 items"),
            tuple("spec.labels", "FieldValueTooMany", "Too many: 3: must have at most 2 items"));
    assertThat(refusedCreate(admission, "{name: ab, ratio: 1.5, tags: [], labels: {}}").causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple(
                "spec.name",
                "Invalid value: \"ab\": spec.name in body should be at least 3 chars long"),
            tuple("spec.ratio", "Invalid value: 1.5: spec.ratio in body should be less than 1"),
            tuple("spec.tags", "Invalid value: 0: spec.tags in body should have at least 1 items"),
            tuple(
                "spec.labels",
                "Invalid value: 0: spec.labels in body should have at least 1 properties"));
    assertThat(refusedCreate(admission, "{name: ABC, tags: [a, a]}").causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple("spec.name", "Invalid value: \"ABC\": spec.name in body should match '^[a-z]+$'"),
            tuple(
                "spec.tags",
                "Invalid value: \"\": spec.tags in body shouldn't contain duplicates"));
  }

  @Test
  void nullsAreKeptWhereNullableDroppedElsewhereAndRefusedInLists() {
    CrdAdmission admission =
        Widgets.admission(
            """
            type: object
            properties:
              note: {type: string, nullable: true}
              other: {type: string}
              args: {type: array, items: {type: string}}
            """);

    assertThat(create(admission, "{note: null, other: null}").object().get("spec"))
        .isEqualTo(DroverFiles.yaml("{note: null}"));
    assertThat(refusedCreate(admission, "{args: [x, null]}").causes())
        .extracting(FieldError::field, FieldError::type, FieldError::message)
        .containsExactly(
            tuple(
                "spec.args[1]",
                "FieldValueTypeInvalid",
                "Invalid value: \"null\": spec.args[1] in body must be of type string: \"null\""));
  }

  @Test
  void embeddedResourcesNeedATypeAndKeepOnlyObjectMeta() {
    CrdAdmission admission =
        Widgets.admission(
            """
            type: object
            properties:
              template:
                type: object
                x-kubernetes-embedded-resource: true
                x-kubernetes-preserve-unknown-fields: true
            """);

    AdmissionResult result =
        admission.admitCreate(
            "v1",
            widget(
                "{template: {apiVersion: v1, kind: ConfigMap, metadata: {name: x, colour: red},"
                    + " data: {a: b}}}"),
            FieldValidation.WARN);
    assertThat(result.warnings())
        .containsExactly("unknown field \"spec.template.metadata.colour\"");
    assertThat(result.object().at("/spec/template"))
        .isEqualTo(
            DroverFiles.yaml(
                "{apiVersion: v1, kind: ConfigMap, metadata: {name: x}, data: {a: b}}"));

    assertThat(
            refusedCreate(
                    admission,
                    "{template: {apiVersion: v1, kind: Config_Map, metadata: {name: a/b}}}")
                .causes())
        .extracting(FieldError::field, FieldError::type, FieldError::message)
        .containsExactly(
            tuple(
                "spec.template.kind",
                "FieldValueInvalid",
                "Invalid value: \"Config_Map\": may have mixed case, but should otherwise match: a"
                    + " DNS-1035 label must consist of lower case alphanumeric characters or '-',"
                    + " start with an alphabetic character, and end with an alphanumeric character"
                    + " (e.g. 'my-name',  or 'abc-123', regex used for validation is"
                    + " '[a-z]([-a-z0-9]*[a-z0-9])?')"),
            tuple(
                "spec.template.metadata.name",
                "FieldValueInvalid",
                "Invalid value: \"a/b\": may not contain '/'"));
    assertThat(refusedCreate(admission, "{template: {metadata: {name: x}}}").causes())
        .extracting(FieldError::field, FieldError::type)
        .containsExactly(
            tuple("spec.template.apiVersion", "FieldValueRequired"),
            tuple("spec.template.kind", "FieldValueRequired"));
  }

  @Test
  void aPatternThatDoesNotCompileIsRefusedWithTheCrd() {
    assertThatThrownBy(
            () ->
                Widgets.admission("{type: object, properties: {a: {type: string, pattern: '(['}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("widgets.example.com")
        .hasMessageContaining("pattern \"([\" is not a valid regular expression");
  }

  @Test
  void aStatusWriteToACrdWithoutTheSubresourceIsAProgrammingError() {
    ObjectNode crd = Widgets.crd("{type: object}");
    ((ObjectNode) crd.at("/spec/versions/0")).remove("subresources");
    CrdAdmission admission = new CrdAdmission(crd);
    ObjectNode w = widget("{}");

    assertThatThrownBy(
            () -> admission.admitUpdate("v1", w, w, FieldValidation.STRICT, Subresource.STATUS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no status subresource");
    w.putObject("status").put("phase", "Up");
    assertThat(admission.admitCreate("v1", w, FieldValidation.STRICT).object().has("status"))
        .isTrue();
  }
}
