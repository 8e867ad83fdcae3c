package io.drover.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the committed CRDs admit for the storage fields: a Secret name in {@code
 * spec.storage.secretName} of every kind, and a volume or a bucket prefix as the feedback data set.
 * The mock API server evaluates no CEL, so the rules are evaluated here.
 */
class StorageRulesCrdTest {

  @ParameterizedTest
  @ValueSource(strings = {"trainingruns", "modelversions", "inferenceservices"})
  void theSecretNameMustBeADnsSubdomain(String plural) throws IOException {
    JSONSchemaProps secretName =
        spec(plural).getProperties().get("storage").getProperties().get("secretName");

    assertThat(secretName.getDescription())
        .contains("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "drover.storage.secret-name");
    assertThat(secretName.getMaxLength()).isEqualTo(253L);
    for (String name : List.of("team-s3", "s3.credentials", "a")) {
      assertThat(admitted(secretName, name)).as(name).isTrue();
    }
    for (String name : List.of("Team-S3", "team_s3", "-team", "team-", "a..b", "")) {
      assertThat(admitted(secretName, name)).as(name).isFalse();
    }
    assertThat(secretName.getXKubernetesValidations())
        .extracting(ValidationRule::getMessage)
        .singleElement()
        .asString()
        .startsWith("spec.storage.secretName must be a Secret name");
  }

  @Test
  void theFeedbackDataSetIsAVolumeOrABucketPrefix() throws IOException {
    JSONSchemaProps feedback =
        spec("inferenceservices")
            .getProperties()
            .get("monitoring")
            .getProperties()
            .get("feedbackDataset");

    assertThat(admitted(feedback, "s3://feedback/iris")).isTrue();
    assertThat(admitted(feedback, "s3://feedback")).isTrue();
    assertThat(admitted(feedback, "pvc://feedback/iris")).isTrue();
    for (String refused :
        List.of("gs://feedback/iris", "https://example.com/f", "/data/feedback", "s3://f/../x")) {
      assertThat(admitted(feedback, refused)).as(refused).isFalse();
    }
    assertThat(refusals(feedback, "gs://feedback/iris"))
        .singleElement()
        .asString()
        .contains("pvc://<claim>/<path>", "s3://<bucket>/<prefix>");
  }

  /** Whether every rule on the field admits the value. */
  private static boolean admitted(JSONSchemaProps field, String value) {
    return refusals(field, value).isEmpty();
  }

  private static List<String> refusals(JSONSchemaProps field, String value) {
    assertThat(field.getXKubernetesValidations()).isNotEmpty();
    return field.getXKubernetesValidations().stream()
        .filter(rule -> !StringRules.admits(rule.getRule(), value))
        .map(ValidationRule::getMessage)
        .toList();
  }

  private static JSONSchemaProps spec(String plural) throws IOException {
    return GeneratedCrdTest.crd(plural)
        .getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("spec");
  }
}
