package io.drover.operator.inferenceservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.inferenceservice.scaling.AutoscalerChoice;
import io.drover.operator.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * KEDA's CRD is the operator's only cluster-scoped read. A namespaced install has no right to it:
 * the API's 403 must mean "no KEDA" (HorizontalPodAutoscalers), never a failing reconcile.
 */
class KedaPresenceTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void aCrdTheOperatorMayNotReadCountsAsNoKeda() {
    try (MockApiServer api = new MockApiServer()) {
      installKedaCrd(api);
      api.refuse(
          "GET",
          path -> path.contains("/customresourcedefinitions/" + AutoscalerChoice.KEDA_CRD),
          403,
          "customresourcedefinitions.apiextensions.k8s.io \"scaledobjects.keda.sh\" is forbidden:"
              + " User \"system:serviceaccount:drover-system:drover-operator\" cannot get resource"
              + " \"customresourcedefinitions\" at the cluster scope");

      assertThat(new KedaPresence().installed(api.operatorClient(), NOW)).isFalse();
    }
  }

  @Test
  void aReadableCrdIsSeenAndAMissingOneIsNot() {
    try (MockApiServer api = new MockApiServer()) {
      KedaPresence keda = new KedaPresence();
      assertThat(keda.installed(api.operatorClient(), NOW)).isFalse();

      installKedaCrd(api);

      assertThat(keda.installed(api.operatorClient(), NOW.plus(KedaPresence.REMEMBERED)))
          .as("asked again once the answer is a minute old")
          .isTrue();
    }
  }

  private static void installKedaCrd(MockApiServer api) {
    api.client()
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(AutoscalerChoice.KEDA_CRD)
                .endMetadata()
                .withNewSpec()
                .withGroup("keda.sh")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("ScaledObject")
                .withPlural("scaledobjects")
                .endNames()
                .addNewVersion()
                .withName("v1alpha1")
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build())
        .create();
  }
}
