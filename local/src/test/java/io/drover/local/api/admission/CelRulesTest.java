package io.drover.local.api.admission;

import static io.drover.local.api.admission.Widgets.create;
import static io.drover.local.api.admission.Widgets.refusedCreate;
import static io.drover.local.api.admission.Widgets.refusedUpdate;
import static io.drover.local.api.admission.Widgets.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** {@code x-kubernetes-validations} as kube-apiserver evaluates and reports them. */
class CelRulesTest {
  static final CrdAdmission WIDGETS =
      Widgets.admission(
          """
          type: object
          properties:
            mode: {type: string}
            replicas: {type: integer}
            startTime: {type: string, format: date-time}
            endTime: {type: string, format: date-time}
            timeout: {type: string, format: duration}
            x-dash: {type: string}
            namespace: {type: string}
            scaling:
              type: object
              properties:
                min: {type: integer}
                max: {type: integer}
              x-kubernetes-validations:
                - rule: "self.min <= self.max"
                  messageExpression: "'min (' + string(self.min) + ') exceeds max (' + string(self.max) + ')'"
                  fieldPath: ".min"
            labels:
              type: object
              additionalProperties: {type: string}
              x-kubernetes-validations:
                - rule: "self.all(k, k.matches('^[a-z]+$'))"
                  message: label keys must be lowercase
            items:
              type: array
              x-kubernetes-list-type: map
              x-kubernetes-list-map-keys: [name]
              items:
                type: object
                properties:
                  name: {type: string}
                  size: {type: integer}
                x-kubernetes-validations:
                  - rule: "self.size >= oldSelf.size"
                    message: an item cannot shrink
            weights:
              type: array
              items: {type: integer}
              x-kubernetes-validations:
                - rule: "self.isSorted()"
                  message: weights must ascend
          x-kubernetes-validations:
            - rule: "!has(self.mode) || self.mode != 'Locked' || has(oldSelf.mode) && oldSelf.mode == 'Locked'"
              message: only an administrator locks a widget
              reason: FieldValueForbidden
            - rule: "!has(self.startTime) || !has(self.endTime) || self.startTime < self.endTime"
              message: startTime must precede endTime
            - rule: "!has(self.timeout) || self.timeout <= duration('1h')"
            - rule: "oldSelf.hasValue() || !has(self.replicas) || self.replicas < 10"
              optionalOldSelf: true
              message: start below 10 replicas
            - rule: "!has(self.x__dash__dash) || self.x__dash__dash != 'bad'"
              message: x-dash is bad
            - rule: "!has(self.__namespace__) || self.__namespace__ != 'kube-system'"
              message: not in kube-system
            - rule: "!has(self.mode) || self.mode.find('[0-9]+') != '42'"
              message: no 42 in mode
          """);

  @Test
  void messageExpressionAndFieldPathNameTheFieldAndTheValues() {
    assertThat(refusedCreate(WIDGETS, "{scaling: {min: 5, max: 3}}").causes())
        .extracting(FieldError::field, FieldError::type, FieldError::message)
        .containsExactly(
            tuple(
                "spec.scaling.min", "FieldValueInvalid", "Invalid value: min (5) exceeds max (3)"));
  }

  @Test
  void aScalarsValueIsShownAnObjectsIsNot() {
    assertThat(refusedCreate(WIDGETS, "{labels: {Bad: x}, x-dash: bad}").causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactlyInAnyOrder(
            tuple("spec", "Invalid value: x-dash is bad"),
            tuple("spec.labels", "Invalid value: label keys must be lowercase"));
  }

  @Test
  void aTransitionRuleRunsOnlyOnUpdateAndHonoursItsReason() {
    assertThat(create(WIDGETS, "{mode: Locked}").object()).isNotNull();
    assertThat(update(WIDGETS, "{mode: Locked}", "{mode: Locked}").object()).isNotNull();

    assertThat(refusedUpdate(WIDGETS, "{mode: Open}", "{mode: Locked}").causes())
        .extracting(FieldError::field, FieldError::type, FieldError::message)
        .containsExactly(
            tuple(
                "spec", "FieldValueForbidden", "Forbidden: only an administrator locks a widget"));
  }

  @Test
  void optionalOldSelfRunsOnCreateWithAnEmptyOldSelf() {
    assertThat(refusedCreate(WIDGETS, "{replicas: 12}").causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(tuple("spec", "Invalid value: start below 10 replicas"));
    assertThat(update(WIDGETS, "{replicas: 3}", "{replicas: 12}").object()).isNotNull();
  }

  @Test
  void formattedStringsAreTimestampsAndDurations() {
    assertThat(
            create(
                    WIDGETS,
                    "{startTime: '2026-01-01T00:00:00Z', endTime: '2026-01-02T00:00:00Z', timeout: 30m}")
                .object())
        .isNotNull();
    assertThat(
            refusedCreate(
                    WIDGETS,
                    "{startTime: '2026-01-02T00:00:00Z', endTime: '2026-01-01T00:00:00+01:00', timeout: 2h}")
                .causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple("spec", "Invalid value: startTime must precede endTime"),
            tuple(
                "spec",
                "Invalid value: failed rule: !has(self.timeout) || self.timeout <= duration('1h')"));
  }

  @Test
  void escapedFieldNamesAndKubernetesLibraryFunctions() {
    assertThat(
            refusedCreate(WIDGETS, "{namespace: kube-system, mode: a42b, weights: [3, 1]}")
                .causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactlyInAnyOrder(
            tuple("spec", "Invalid value: not in kube-system"),
            tuple("spec", "Invalid value: no 42 in mode"),
            tuple("spec.weights", "Invalid value: weights must ascend"));
  }

  @Test
  void listMapItemsMeetTheirStoredSelvesByKeyWhateverTheOrder() {
    assertThat(
            update(
                    WIDGETS,
                    "{items: [{name: a, size: 5}, {name: b, size: 5}]}",
                    "{items: [{name: c, size: 1}, {name: b, size: 6}, {name: a, size: 5}]}")
                .object())
        .isNotNull();
    assertThat(
            refusedUpdate(
                    WIDGETS,
                    "{items: [{name: a, size: 5}, {name: b, size: 5}]}",
                    "{items: [{name: b, size: 5}, {name: a, size: 4}]}")
                .causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(tuple("spec.items[1]", "Invalid value: an item cannot shrink"));
  }

  @Test
  void aBrokenValueLeftUnchangedIsAWarningNotAnError() {
    AdmissionResult result =
        update(WIDGETS, "{scaling: {min: 5, max: 3}}", "{scaling: {min: 5, max: 3}, mode: Open}");

    assertThat(result.warnings())
        .containsExactly("spec.scaling.min: Invalid value: min (5) exceeds max (3)");
    assertThat(
            refusedUpdate(WIDGETS, "{scaling: {min: 5, max: 3}}", "{scaling: {min: 6, max: 3}}")
                .causes())
        .extracting(FieldError::field)
        .containsExactly("spec.scaling.min");
  }

  @Test
  void aMissingFieldIsAnEvaluationError() {
    CrdAdmission admission =
        Widgets.admission(
            """
            type: object
            properties:
              replicas: {type: integer}
            x-kubernetes-validations:
              - rule: "self.replicas > 0"
            """);

    assertThat(refusedCreate(admission, "{}").causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple(
                "spec",
                "Invalid value: \"object\": no such key: replicas evaluating rule: self.replicas >"
                    + " 0"));
    // 3.0 passes the schema's integer check, but a rule cannot read it as an int
    assertThat(refusedCreate(admission, "{replicas: 3.0}").causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple(
                "spec",
                "Invalid value: \"object\": invalid data, expected int, got float64 evaluating"
                    + " rule: self.replicas > 0"));
  }

  @Test
  void aRuleAtTheRootSeesTheNameAndIsReportedAgainstTheRoot() {
    ObjectNode crd = Widgets.crd("{type: object}");
    ((ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema"))
        .set(
            "x-kubernetes-validations",
            DroverFiles.yaml(
                    "rules: [{rule: \"self.metadata.name.startsWith('x')\", message: name must start with x}]")
                .get("rules"));
    CrdAdmission admission = new CrdAdmission(crd);

    assertThat(refusedCreate(admission, "{}").causes())
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(tuple("<nil>", "Invalid value: name must start with x"));
  }

  @Test
  void aRuleThatDoesNotCompileRefusesTheCrd() {
    assertThatThrownBy(
            () ->
                Widgets.admission(
                    """
                    type: object
                    properties: {replicas: {type: integer}}
                    x-kubernetes-validations: [{rule: "self.nope > 1"}]
                    """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("widgets.example.com")
        .hasMessageContaining("\"self.nope > 1\"")
        .hasMessageContaining("undefined field 'nope'");
    assertThatThrownBy(
            () ->
                Widgets.admission(
                    """
                    type: object
                    properties: {replicas: {type: integer}}
                    x-kubernetes-validations: [{rule: "self.replicas"}]
                    """))
        .hasMessageContaining("cel expression must evaluate to a bool");
    assertThatThrownBy(
            () ->
                Widgets.admission(
                    """
                    type: object
                    properties: {replicas: {type: integer}}
                    x-kubernetes-validations: [{rule: "true", fieldPath: ".nope"}]
                    """))
        .hasMessageContaining("fieldPath .nope: does not refer to a valid field");
  }
}
