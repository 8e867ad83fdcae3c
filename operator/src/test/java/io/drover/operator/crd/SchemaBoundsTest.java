package io.drover.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Walks every property of the committed CRDs so that a new field cannot ship unbounded or
 * undocumented: every string a user writes has a length limit or a fixed set of values, every list
 * and map a size limit (kube-apiserver also needs these to bound the cost of CEL rules), every
 * quantity a rule, and every property, embedded Kubernetes types included, a description for {@code
 * kubectl explain}.
 */
class SchemaBoundsTest {

  /**
   * Fields another change owns (the Scaling and ActiveWindow rework) that still lack a length
   * limit. An entry fails the test once its field is bounded, so the list only shrinks.
   */
  static final Set<String> BOUNDED_ELSEWHERE = Set.of();

  @ParameterizedTest
  @ValueSource(strings = {"trainingruns", "modelversions", "inferenceservices"})
  void everyValueAUserWritesIsBounded(String plural) throws IOException {
    List<String> unbounded = new ArrayList<>();
    List<String> exempted = new ArrayList<>();
    walk(
        GeneratedCrdTest.specSchema(plural),
        "spec",
        (path, schema) -> {
          String problem = unboundedBecause(schema);
          if (problem != null && !BOUNDED_ELSEWHERE.contains(path)) {
            unbounded.add(path + ": " + problem);
          }
          if (problem == null && BOUNDED_ELSEWHERE.contains(path)) {
            exempted.add(path);
          }
        });

    assertThat(unbounded)
        .as(
            "bound these in the API classes (@Size on strings, lists and maps, a rule on"
                + " quantities; EmbeddedKubernetesTypes for embedded Kubernetes types)")
        .isEmpty();
    assertThat(exempted).as("bounded now: remove from BOUNDED_ELSEWHERE").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"trainingruns", "modelversions", "inferenceservices"})
  void everyPropertyIsDescribedForKubectlExplain(String plural) throws IOException {
    JSONSchemaProps root =
        GeneratedCrdTest.crd(plural)
            .getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema();
    List<String> undescribed = new ArrayList<>();
    for (String top : List.of("spec", "status")) {
      walk(
          root.getProperties().get(top),
          top,
          (path, schema) -> {
            boolean describedByParent = path.endsWith("[]") || path.endsWith(".*");
            if (!describedByParent
                && (schema.getDescription() == null || schema.getDescription().isBlank())) {
              undescribed.add(path);
            }
          });
    }

    assertThat(undescribed)
        .as("add a @JsonPropertyDescription (or a text in EmbeddedKubernetesTypes)")
        .isEmpty();
  }

  /** Why a schema admits values of any size, or null when it does not. */
  private static String unboundedBecause(JSONSchemaProps schema) {
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      boolean ruled =
          schema.getXKubernetesValidations() != null
              && !schema.getXKubernetesValidations().isEmpty();
      return ruled || schema.getMaxLength() != null ? null : "int-or-string without a rule";
    }
    String type = schema.getType();
    if ("string".equals(type)) {
      boolean bounded =
          schema.getMaxLength() != null
              || (schema.getEnum() != null && !schema.getEnum().isEmpty())
              || "date-time".equals(schema.getFormat());
      return bounded ? null : "string without maxLength or enum";
    }
    if ("array".equals(type)) {
      return schema.getMaxItems() != null ? null : "list without maxItems";
    }
    if ("object".equals(type) && schema.getAdditionalProperties() != null) {
      return schema.getMaxProperties() != null ? null : "map without maxProperties";
    }
    return null;
  }

  private interface Visitor {
    void visit(String path, JSONSchemaProps schema);
  }

  /**
   * Visits {@code schema} and everything under it; list items are {@code path[]}, map values {@code
   * path.*}.
   */
  private static void walk(JSONSchemaProps schema, String path, Visitor visitor) {
    if (schema == null) {
      return;
    }
    visitor.visit(path, schema);
    if (schema.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> e : schema.getProperties().entrySet()) {
        walk(e.getValue(), path + "." + e.getKey(), visitor);
      }
    }
    if (schema.getItems() != null) {
      walk(schema.getItems().getSchema(), path + "[]", visitor);
    }
    if (schema.getAdditionalProperties() != null) {
      walk(schema.getAdditionalProperties().getSchema(), path + ".*", visitor);
    }
  }
}
