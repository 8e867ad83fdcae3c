package io.drover.operator.inferenceservice;

import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.kubernetes.DroverLabels;
import io.drover.operator.kubernetes.ObjectNames;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names and labels of the objects an InferenceService owns, derived from the service (and the
 * version) alone, so a restarted operator finds exactly the objects it made before.
 *
 * <ul>
 *   <li>{@code <service>}: the router's Service, the endpoint clients call ({@code status.url});
 *   <li>{@code <service>-router}: the router's Deployment, ServiceAccount, Role and RoleBinding;
 *   <li>{@code <service>-routes}: the routing-table ConfigMap the router watches;
 *   <li>{@code <service>-v<N>}: the model-server Deployment and Service of version N (a variant);
 *   <li>{@code <service>-model-servers}: the NetworkPolicy in front of the model servers.
 * </ul>
 */
public final class InferenceServiceResources {

  /** Names the owning service on every child (truncated in labels, in full in the annotation). */
  public static final String SERVICE_LABEL = "drover.io/inference-service";

  public static final String VARIANT_LABEL = "drover.io/variant";
  public static final String MODEL_VERSION_LABEL = "drover.io/model-version";
  public static final String NAME_LABEL = "app.kubernetes.io/name";
  public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
  public static final String MODEL_SERVER = "model-server";
  public static final String ROUTER = "router";

  /** The port the router listens on and its Service exposes. */
  public static final int ROUTER_PORT = 8080;

  /** The routing table's key in its ConfigMap (the router's contract). */
  public static final String ROUTES_KEY = "routes.yaml";

  private InferenceServiceResources() {}

  public static String serviceName(InferenceService service) {
    return service.getMetadata().getName();
  }

  public static String routerName(InferenceService service) {
    return ObjectNames.bounded(service.getMetadata().getName(), "-router");
  }

  public static String routesName(InferenceService service) {
    return ObjectNames.bounded(service.getMetadata().getName(), "-routes");
  }

  public static String variantName(InferenceService service, int version) {
    return ObjectNames.bounded(service.getMetadata().getName(), "-v" + version);
  }

  public static String networkPolicyName(InferenceService service) {
    return ObjectNames.bounded(service.getMetadata().getName(), "-model-servers");
  }

  /** The endpoint clients use inside the cluster. */
  public static String url(InferenceService service) {
    return "http://%s.%s.svc:%d"
        .formatted(serviceName(service), service.getMetadata().getNamespace(), ROUTER_PORT);
  }

  /** A variant's address inside the cluster, as the router reaches it. */
  public static String variantUrl(InferenceService service, String variant, int port) {
    return "http://%s.%s.svc:%d".formatted(variant, service.getMetadata().getNamespace(), port);
  }

  /** Labels of every child of the service. */
  public static Map<String, String> labels(InferenceService service, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(DroverLabels.MANAGED_BY_LABEL, DroverLabels.MANAGED_BY);
    labels.put(SERVICE_LABEL, ObjectNames.bounded(service.getMetadata().getName(), ""));
    labels.put(DroverLabels.COMPONENT_LABEL, component);
    labels.put(NAME_LABEL, "drover-" + component);
    labels.put(INSTANCE_LABEL, ObjectNames.bounded(service.getMetadata().getName(), ""));
    labels.put(DroverLabels.MODEL_LABEL, ObjectNames.bounded(service.getSpec().model().name(), ""));
    return labels;
  }

  /** Labels that select the pods of one component (router, or every model server). */
  public static Map<String, String> selector(InferenceService service, String component) {
    return Map.of(
        SERVICE_LABEL,
        ObjectNames.bounded(service.getMetadata().getName(), ""),
        DroverLabels.COMPONENT_LABEL,
        component);
  }

  /** Labels that select the pods of one variant. */
  public static Map<String, String> variantSelector(InferenceService service, String variant) {
    Map<String, String> selector = new LinkedHashMap<>(selector(service, MODEL_SERVER));
    selector.put(VARIANT_LABEL, variant);
    return selector;
  }

  /**
   * Makes the service the controller of a child, so deleting the service deletes its children and
   * their changes reach the service's reconciler.
   */
  public static OwnerReference owner(InferenceService service) {
    return new OwnerReferenceBuilder()
        .withApiVersion(service.getApiVersion())
        .withKind(service.getKind())
        .withName(service.getMetadata().getName())
        .withUid(service.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** Names the owning service in full, for mapping a child's events back to it. */
  public static Map<String, String> annotations(InferenceService service) {
    return Map.of(SERVICE_LABEL, service.getMetadata().getName());
  }
}
