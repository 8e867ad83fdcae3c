package io.drover.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a person meets when applying the committed CRDs: names, columns and the admission rules. The
 * mock API server evaluates neither OpenAPI limits nor CEL, so the rules are asserted here.
 */
class GeneratedCrdTest {

  @ParameterizedTest
  @ValueSource(strings = {"trainingruns", "modelversions", "inferenceservices"})
  void everyKindIsInTheDroverCategoryWithStatusSubresource(String plural) throws IOException {
    CustomResourceDefinition crd = crd(plural);

    assertThat(crd.getSpec().getGroup()).isEqualTo("drover.io");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("drover");
    assertThat(version(crd).getName()).isEqualTo("v1alpha1");
    assertThat(version(crd).getSubresources().getStatus()).isNotNull();
    assertThat(crd.getSpec().getNames().getShortNames()).doesNotContain("isvc", "tr", "mv");
    assertThat(spec(crd).getDescription()).isNotBlank();
  }

  @Test
  void trainingRunColumnsAnswerTheFirstQuestionsInOrder() throws IOException {
    assertThat(columns(crd("trainingruns")))
        .containsExactly("Phase", "Model", "Metric", "Value", "Duration", "Trials", "Best", "Age");
    assertThat(columns(crd("modelversions")))
        .containsExactly("Model", "Version", "Stage", "Metric", "Value", "Age");
    assertThat(columns(crd("inferenceservices")))
        .containsExactly("URL", "Stable", "Candidate", "Traffic", "Ready", "Scaling", "Age");
    assertThat(version(crd("inferenceservices")).getAdditionalPrinterColumns())
        .filteredOn(c -> c.getPriority() != null && c.getPriority() == 1)
        .extracting(CustomResourceColumnDefinition::getName)
        .as("kubectl get -o wide")
        .containsExactly("Rollout", "Strategy");
  }

  @Test
  void trainingRunSpecIsImmutable() throws IOException {
    List<ValidationRule> rules = spec(crd("trainingruns")).getXKubernetesValidations();

    assertThat(rules)
        .filteredOn(rule -> rule.getRule().contains("oldSelf"))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getRule()).isEqualTo("self == oldSelf");
              assertThat(rule.getMessage()).contains("create a new TrainingRun");
            });
  }

  @Test
  void trainingRunRequiresModelAndDatasetAndBoundsItsNumbers() throws IOException {
    JSONSchemaProps spec = spec(crd("trainingruns"));

    assertThat(spec.getRequired()).containsExactlyInAnyOrder("model", "dataset");
    assertThat(spec.getProperties().get("model").getMaxLength()).isEqualTo(63);
    assertThat(property(spec, "resources", "gpus").getMinimum()).isEqualTo(0.0);
    assertThat(property(spec, "limits", "backoffLimit").getMaximum()).isEqualTo(10.0);
    assertThat(property(spec, "dataset", "validation", "shiftSignificance").getExclusiveMaximum())
        .isTrue();
    assertThat(messages(property(spec, "limits", "pendingTimeout")))
        .containsExactly(
            "spec.limits.pendingTimeout must be a duration above 0s and at most 8760h, such as"
                + " 30s, 15m or 1h30m");
    assertThat(messages(property(spec, "dataset", "uri")))
        .anySatisfy(message -> assertThat(message).contains("pvc://<claim>/<path>"))
        .anySatisfy(message -> assertThat(message).contains("'..'"));
    assertThat(messages(property(spec, "search")))
        .contains(
            "spec.search.parallelism cannot exceed spec.search.maxTrials",
            "spec.search: algorithm SuccessiveHalving needs minBudget and maxBudget (epochs), e.g."
                + " 10 and 90");
    assertThat(property(spec, "workers").getMaximum()).isEqualTo(64.0);
    assertThat(property(spec, "search", "reductionFactor").getMinimum()).isEqualTo(2.0);
  }

  @Test
  void inferenceServiceBoundsPercentagesAndReplicas() throws IOException {
    JSONSchemaProps spec = spec(crd("inferenceservices"));

    JSONSchemaProps step = property(spec, "rollout", "steps").getItems().getSchema();
    assertThat(step.getProperties().get("weight").getMinimum()).isEqualTo(1.0);
    assertThat(step.getProperties().get("weight").getMaximum()).isEqualTo(100.0);
    assertThat(property(spec, "rollout", "analysis", "maxErrorPercent").getMaximum())
        .isEqualTo(100.0);
    assertThat(property(spec, "scaling", "minReplicas").getMinimum()).isEqualTo(0.0);
    assertThat(messages(property(spec, "scaling")))
        .containsExactly("spec.scaling.minReplicas cannot exceed spec.scaling.maxReplicas");
    assertThat(messages(property(spec, "model")))
        .containsExactly(
            "set exactly one of spec.model.version (pin a version) or spec.model.stage (track a"
                + " stage)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"trainingruns", "modelversions", "inferenceservices"})
  void everyRuleExplainsWhatToFixAndAppearsOnce(String plural) throws IOException {
    List<ValidationRule> rules = new ArrayList<>();
    collectRules(version(crd(plural)).getSchema().getOpenAPIV3Schema(), rules, new ArrayList<>());

    assertThat(rules).isNotEmpty().allSatisfy(rule -> assertThat(rule.getMessage()).isNotBlank());
  }

  private static void collectRules(
      JSONSchemaProps schema, List<ValidationRule> rules, List<String> path) {
    if (schema == null) {
      return;
    }
    if (schema.getXKubernetesValidations() != null) {
      assertThat(schema.getXKubernetesValidations())
          .as("rules at %s", path)
          .doesNotHaveDuplicates();
      rules.addAll(schema.getXKubernetesValidations());
    }
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach(
              (name, child) -> {
                List<String> childPath = new ArrayList<>(path);
                childPath.add(name);
                collectRules(child, rules, childPath);
              });
    }
    if (schema.getItems() != null) {
      collectRules(schema.getItems().getSchema(), rules, path);
    }
  }

  static CustomResourceDefinition crd(String plural) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of("..", "crds", plural + ".drover.io.yaml"))) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
  }

  /** The schema of {@code spec} in the committed CRD of {@code plural}. */
  static JSONSchemaProps specSchema(String plural) throws IOException {
    return version(crd(plural)).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
  }

  private static CustomResourceDefinitionVersion version(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().get(0);
  }

  private static JSONSchemaProps spec(CustomResourceDefinition crd) {
    return version(crd).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
  }

  private static JSONSchemaProps property(JSONSchemaProps schema, String... path) {
    JSONSchemaProps current = schema;
    for (String name : path) {
      current = current.getProperties().get(name);
    }
    return current;
  }

  private static List<String> messages(JSONSchemaProps schema) {
    return schema.getXKubernetesValidations() == null
        ? List.of()
        : schema.getXKubernetesValidations().stream().map(ValidationRule::getMessage).toList();
  }

  private static List<String> columns(CustomResourceDefinition crd) {
    return version(crd).getAdditionalPrinterColumns().stream()
        .filter(c -> c.getPriority() == null || c.getPriority() == 0)
        .map(CustomResourceColumnDefinition::getName)
        .toList();
  }
}
