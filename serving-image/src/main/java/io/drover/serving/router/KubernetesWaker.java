package io.drover.serving.router;

import io.drover.contract.serving.WakeRequest;
import io.drover.serving.router.RoutingTable.Variant;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Wakes a variant by annotating its InferenceService ({@link WakeRequest}: {@code
 * <variant>@<time>}); the operator sees the change and scales the variant's Deployment up. The
 * router's RBAC needs only {@code patch} on that one InferenceService.
 */
public final class KubernetesWaker implements Waker {

  public static final String ANNOTATION = WakeRequest.ANNOTATION;
  private static final Logger LOG = Logger.getLogger(KubernetesWaker.class);

  /** Named in full, so no API discovery call is needed (nor discovery RBAC). */
  public static final ResourceDefinitionContext INFERENCE_SERVICES =
      new ResourceDefinitionContext.Builder()
          .withGroup("drover.io")
          .withVersion("v1alpha1")
          .withKind("InferenceService")
          .withPlural("inferenceservices")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;
  private final String namespace;
  private final String inferenceService;

  public KubernetesWaker(KubernetesClient client, String namespace, String inferenceService) {
    this.client = client;
    this.namespace = namespace;
    this.inferenceService = inferenceService;
  }

  @Override
  public void wake(Variant variant) {
    String value = new WakeRequest(variant.name(), Instant.now()).value();
    String patch = "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":\"" + value + "\"}}}";
    try {
      client
          .genericKubernetesResources(INFERENCE_SERVICES)
          .inNamespace(namespace)
          .withName(inferenceService)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      LOG.infof("asked to wake %s (%s/%s %s)", variant.name(), namespace, inferenceService, value);
    } catch (KubernetesClientException e) {
      LOG.errorf(
          "cannot ask to wake %s: patching InferenceService %s/%s failed: %s",
          variant.name(), namespace, inferenceService, e.getMessage());
    }
  }
}
