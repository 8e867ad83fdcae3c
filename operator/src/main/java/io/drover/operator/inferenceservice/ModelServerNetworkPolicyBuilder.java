package io.drover.operator.inferenceservice;

import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.kubernetes.DroverLabels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.Map;

/**
 * Lets only the service's router, and the operator (smoke tests, figures), reach its model servers:
 * clients go through the router, which counts what the analysis judges.
 */
public final class ModelServerNetworkPolicyBuilder {

  /** Labels of the operator's pods, as the chart sets them. */
  static final Map<String, String> OPERATOR_POD =
      Map.of(DroverLabels.COMPONENT_LABEL, "operator", "app.kubernetes.io/part-of", "drover");

  private ModelServerNetworkPolicyBuilder() {}

  public static NetworkPolicy networkPolicy(InferenceService service, String operatorNamespace) {
    int port = service.getSpec().runtimeOrDefault().portOrDefault();
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(InferenceServiceResources.networkPolicyName(service))
        .withNamespace(service.getMetadata().getNamespace())
        .withLabels(
            InferenceServiceResources.labels(service, InferenceServiceResources.MODEL_SERVER))
        .withAnnotations(InferenceServiceResources.annotations(service))
        .withOwnerReferences(InferenceServiceResources.owner(service))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(
            InferenceServiceResources.selector(service, InferenceServiceResources.MODEL_SERVER))
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(
            new NetworkPolicyPeerBuilder()
                .withNewPodSelector()
                .withMatchLabels(
                    InferenceServiceResources.selector(service, InferenceServiceResources.ROUTER))
                .endPodSelector()
                .build(),
            new NetworkPolicyPeerBuilder()
                .withNewNamespaceSelector()
                .withMatchLabels(Map.of("kubernetes.io/metadata.name", operatorNamespace))
                .endNamespaceSelector()
                .withNewPodSelector()
                .withMatchLabels(OPERATOR_POD)
                .endPodSelector()
                .build())
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .endPort()
        .endIngress()
        .endSpec()
        .build();
  }
}
