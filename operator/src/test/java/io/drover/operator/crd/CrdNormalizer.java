package io.drover.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a CRD fresh from the Fabric8 generator into the committed form. Two generator habits are
 * undone: printer columns come out sorted by JSON path (so Age came first), and a CEL rule on a
 * record component is emitted twice (once from the field, once from the accessor). And the embedded
 * Kubernetes types get the descriptions and bounds the generator cannot give them ({@link
 * EmbeddedKubernetesTypes}).
 */
final class CrdNormalizer {

  private CrdNormalizer() {}

  static String normalize(CustomResourceDefinition crd, Class<?> kind) {
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      version.setAdditionalPrinterColumns(
          declaredOrder(version.getAdditionalPrinterColumns(), kind));
      dropRepeatedRules(version.getSchema().getOpenAPIV3Schema());
      EmbeddedKubernetesTypes.describe(version.getSchema().getOpenAPIV3Schema());
    }
    return Serialization.asYaml(crd);
  }

  /**
   * Columns in the order the kind's class declares them: the first thing a person looks for first.
   */
  private static List<CustomResourceColumnDefinition> declaredOrder(
      List<CustomResourceColumnDefinition> columns, Class<?> kind) {
    List<String> declared =
        Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    List<CustomResourceColumnDefinition> ordered = new ArrayList<>(columns);
    ordered.sort(Comparator.comparingInt(column -> declared.indexOf(column.getName())));
    return ordered;
  }

  private static void dropRepeatedRules(JSONSchemaProps schema) {
    if (schema == null) {
      return;
    }
    if (schema.getXKubernetesValidations() != null
        && !schema.getXKubernetesValidations().isEmpty()) {
      schema.setXKubernetesValidations(
          new ArrayList<>(schema.getXKubernetesValidations().stream().distinct().toList()));
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(CrdNormalizer::dropRepeatedRules);
    }
    if (schema.getItems() != null) {
      dropRepeatedRules(schema.getItems().getSchema());
    }
    if (schema.getAdditionalProperties() != null) {
      dropRepeatedRules(schema.getAdditionalProperties().getSchema());
    }
  }
}
