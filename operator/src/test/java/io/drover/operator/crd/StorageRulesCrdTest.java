package io.drover.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the committed CRDs say of the storage fields: {@code kubectl explain} teaches the Secret's
 * keys, and a refusal names the field and the forms it takes. What the rules admit and refuse is
 * evaluated by real CEL admission in e2e-tests ({@code MalformedResourcesTest}).
 */
class StorageRulesCrdTest {

  @ParameterizedTest
  @ValueSource(strings = {"trainingruns", "modelversions", "inferenceservices"})
  void theSecretNameIsDescribedAndBoundedAsASecretName(String plural) throws IOException {
    JSONSchemaProps secretName =
        GeneratedCrdTest.specSchema(plural)
            .getProperties()
            .get("storage")
            .getProperties()
            .get("secretName");

    assertThat(secretName.getDescription())
        .contains("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "drover.storage.secret-name");
    assertThat(secretName.getMaxLength()).isEqualTo(253L);
    assertThat(secretName.getXKubernetesValidations())
        .extracting(ValidationRule::getMessage)
        .singleElement()
        .asString()
        .startsWith("spec.storage.secretName must be a Secret name");
  }

  @Test
  void aRefusedFeedbackDataSetIsToldBothForms() throws IOException {
    JSONSchemaProps feedback =
        GeneratedCrdTest.specSchema("inferenceservices")
            .getProperties()
            .get("monitoring")
            .getProperties()
            .get("feedbackDataset");

    assertThat(feedback.getXKubernetesValidations())
        .extracting(ValidationRule::getMessage)
        .anySatisfy(
            message ->
                assertThat(message).contains("pvc://<claim>/<path>", "s3://<bucket>/<prefix>"));
  }
}
