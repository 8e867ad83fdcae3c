package io.drover.operator.inferenceservice;

import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.inferenceservice.scaling.AutoscalerChoice;
import io.drover.operator.inferenceservice.scaling.AutoscalerChoice.Kind;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Makes the serving objects what the status says: creates what is missing, replaces what differs
 * from the desired object (compared by a hash of it, since the API server fills defaults in), and
 * deletes the variants no longer served once the routing table sends them nothing. Versions that
 * shrink go before those that grow, so a rollout never holds more replicas — or GPUs — than its
 * budget, not even between two writes.
 */
final class ServingApplier {

  /** Hash of the desired object an existing one was written from. */
  static final String DESIRED_HASH = "drover.io/desired-hash";

  private final ModelServerBuilder servers;
  private final RouterBuilder router;
  private final String operatorNamespace;

  ServingApplier(ModelServerBuilder servers, RouterBuilder router, String operatorNamespace) {
    this.servers = servers;
    this.router = router;
    this.operatorNamespace = operatorNamespace;
  }

  /** The informers holding each kind of child, for read-your-writes through JOSDK. */
  record Sources(
      InformerEventSource<Deployment, InferenceService> deployments,
      InformerEventSource<Service, InferenceService> services,
      InformerEventSource<ConfigMap, InferenceService> configMaps,
      InformerEventSource<ServiceAccount, InferenceService> serviceAccounts,
      InformerEventSource<Role, InferenceService> roles,
      InformerEventSource<RoleBinding, InferenceService> roleBindings,
      InformerEventSource<NetworkPolicy, InferenceService> networkPolicies,
      InformerEventSource<HorizontalPodAutoscaler, InferenceService> autoscalers) {}

  void apply(
      InferenceService service,
      InferenceServiceStatus status,
      Sources sources,
      Context<InferenceService> context) {
    if (status.stable() == null) {
      return;
    }
    List<VariantStatus> served =
        Stream.of(status.stable(), status.candidate(), status.previous())
            .filter(Objects::nonNull)
            .toList();
    Set<String> names = served.stream().map(VariantStatus::variant).collect(Collectors.toSet());
    // Traffic moves first (a new version enters the table only once it runs), then the versions
    // no longer served go, then the ones that shrink: no request is sent to a version being
    // removed, and no replica is added before the ones given up are gone.
    write(service, RoutingTableBuilder.configMap(service, status), sources.configMaps(), context);
    deleteUnserved(service, names, sources, context);

    List<Deployment> shrinking = new ArrayList<>();
    List<Deployment> others = new ArrayList<>();
    for (VariantStatus variant : served) {
      Deployment desired = servers.deployment(service, variant);
      Optional<Deployment> existing = sources.deployments().get(ResourceID.fromResource(desired));
      boolean shrinks =
          existing.isPresent()
              && existing.get().getSpec() != null
              && existing.get().getSpec().getReplicas() != null
              && existing.get().getSpec().getReplicas() > desired.getSpec().getReplicas();
      (shrinks ? shrinking : others).add(desired);
    }
    Kind autoscaler =
        status.scaling() == null
            ? Kind.NONE
            : AutoscalerChoice.kindOf(status.scaling().autoscaler());
    BiConsumer<Deployment, Deployment> replicas =
        autoscaler == Kind.NONE ? (wanted, current) -> {} : ServingApplier::keepAutoscaledReplicas;
    shrinking.forEach(d -> write(service, d, sources.deployments(), context, replicas));
    others.forEach(d -> write(service, d, sources.deployments(), context, replicas));
    autoscalers(service, served, autoscaler, sources, context);
    served.forEach(v -> write(service, servers.service(service, v), sources.services(), context));

    write(service, router.serviceAccount(service), sources.serviceAccounts(), context);
    write(service, router.role(service), sources.roles(), context);
    write(service, router.roleBinding(service), sources.roleBindings(), context);
    write(service, router.deployment(service), sources.deployments(), context);
    write(service, router.service(service), sources.services(), context);
    write(
        service,
        ModelServerNetworkPolicyBuilder.networkPolicy(service, operatorNamespace),
        sources.networkPolicies(),
        context);
  }

  /**
   * One autoscaler per variant that runs replicas, of the kind the status names; none for a variant
   * at zero, whose next replica is Drover's to start.
   */
  private static void autoscalers(
      InferenceService service,
      List<VariantStatus> served,
      Kind kind,
      Sources sources,
      Context<InferenceService> context) {
    Set<String> scaled =
        served.stream()
            .filter(v -> v.replicas() != null && v.replicas() > 0)
            .map(VariantStatus::variant)
            .collect(Collectors.toSet());
    String namespace = service.getMetadata().getNamespace();
    for (VariantStatus variant : served) {
      if (!scaled.contains(variant.variant())) {
        continue;
      }
      if (kind == Kind.HORIZONTAL_POD_AUTOSCALER) {
        write(
            service,
            AutoscalerBuilder.horizontalPodAutoscaler(service, variant),
            sources.autoscalers(),
            context);
      } else if (kind == Kind.SCALED_OBJECT) {
        writeScaledObject(
            service, AutoscalerBuilder.scaledObject(service, variant), context, namespace);
      }
    }
    sources.autoscalers().getSecondaryResources(service).stream()
        .filter(hpa -> isOwnedBy(service, hpa))
        .filter(
            hpa ->
                kind != Kind.HORIZONTAL_POD_AUTOSCALER
                    || !scaled.contains(hpa.getMetadata().getName()))
        .forEach(hpa -> context.getClient().resource(hpa).delete());
    if (kind == Kind.SCALED_OBJECT) {
      scaledObjects(context, namespace).list().getItems().stream()
          .filter(object -> isOwnedBy(service, object))
          .filter(object -> !scaled.contains(object.getMetadata().getName()))
          .forEach(object -> context.getClient().resource(object).delete());
    }
  }

  /** KEDA's kinds have no informer (the CRD may be absent): read when the status names KEDA. */
  private static void writeScaledObject(
      InferenceService service,
      GenericKubernetesResource desired,
      Context<InferenceService> context,
      String namespace) {
    String hash = hash(desired);
    desired.getMetadata().getAnnotations().put(DESIRED_HASH, hash);
    var objects = scaledObjects(context, namespace);
    GenericKubernetesResource current = objects.withName(desired.getMetadata().getName()).get();
    if (current == null) {
      objects.resource(desired).create();
      return;
    }
    if (!isOwnedBy(service, current)) {
      throw new NameConflictException(
          "ScaledObject %s exists and does not belong to InferenceService %s: delete it"
              .formatted(current.getMetadata().getName(), service.getMetadata().getName()));
    }
    Map<String, String> annotations = current.getMetadata().getAnnotations();
    if (annotations == null || !hash.equals(annotations.get(DESIRED_HASH))) {
      desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
      objects.resource(desired).update();
    }
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      scaledObjects(Context<InferenceService> context, String namespace) {
    return context
        .getClient()
        .genericKubernetesResources(AutoscalerBuilder.SCALED_OBJECTS)
        .inNamespace(namespace);
  }

  /** Between one and the most, the replicas are the autoscaler's: a rewrite keeps its count. */
  private static void keepAutoscaledReplicas(Deployment wanted, Deployment current) {
    Integer live = current.getSpec() == null ? null : current.getSpec().getReplicas();
    Integer desired = wanted.getSpec().getReplicas();
    if (live != null && live > 0 && desired != null && desired > 0 && live > desired) {
      wanted.getSpec().setReplicas(live);
    }
  }

  private void deleteUnserved(
      InferenceService service,
      Set<String> served,
      Sources sources,
      Context<InferenceService> context) {
    Stream.<InformerEventSource<? extends HasMetadata, InferenceService>>of(
            sources.deployments(), sources.services())
        .flatMap(source -> source.getSecondaryResources(service).stream())
        .filter(child -> isVariantOf(service, child))
        .filter(child -> !served.contains(child.getMetadata().getName()))
        .forEach(child -> context.getClient().resource(child).delete());
  }

  private static boolean isVariantOf(InferenceService service, HasMetadata child) {
    Map<String, String> labels = child.getMetadata().getLabels();
    return labels != null
        && labels.containsKey(InferenceServiceResources.VARIANT_LABEL)
        && isOwnedBy(service, child);
  }

  private static <R extends HasMetadata> void write(
      InferenceService service,
      R desired,
      InformerEventSource<R, InferenceService> source,
      Context<InferenceService> context) {
    write(service, desired, source, context, (wanted, current) -> {});
  }

  /**
   * @param adjust changes the desired object, after it is hashed, from the current one: fields
   *     others own (an autoscaler's replicas)
   */
  private static <R extends HasMetadata> void write(
      InferenceService service,
      R desired,
      InformerEventSource<R, InferenceService> source,
      Context<InferenceService> context,
      BiConsumer<R, R> adjust) {
    String hash = hash(desired);
    desired.getMetadata().getAnnotations().put(DESIRED_HASH, hash);
    Optional<R> existing = source.get(ResourceID.fromResource(desired));
    if (existing.isEmpty()) {
      try {
        context.resourceOperations().create(desired, source);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Created meanwhile (the cache had not seen it): compared on the next reconcile.
      }
      return;
    }
    R current = existing.get();
    if (!isOwnedBy(service, current)) {
      throw new NameConflictException(
          "%s %s exists and does not belong to InferenceService %s: delete or rename it, or name"
                  .formatted(
                      current.getKind(),
                      current.getMetadata().getName(),
                      service.getMetadata().getName())
              + " the InferenceService differently");
    }
    Map<String, String> annotations = current.getMetadata().getAnnotations();
    if (annotations != null && hash.equals(annotations.get(DESIRED_HASH))) {
      return;
    }
    adjust.accept(desired, current);
    desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
    if (desired instanceof Service wanted && current instanceof Service actual) {
      // The cluster IP is assigned by the API server and cannot change.
      wanted.getSpec().setClusterIP(actual.getSpec().getClusterIP());
      wanted.getSpec().setClusterIPs(actual.getSpec().getClusterIPs());
    }
    context.resourceOperations().update(desired, source);
  }

  private static boolean isOwnedBy(InferenceService service, HasMetadata child) {
    return child.getMetadata().getOwnerReferences() != null
        && child.getMetadata().getOwnerReferences().stream()
            .anyMatch(owner -> Objects.equals(owner.getUid(), service.getMetadata().getUid()));
  }

  /**
   * SHA-256 of the object's JSON (Fabric8's serialization), its first 16 hex digits. Written
   * straight into the digest: the JSON of each desired object is hashed at every reconcile.
   */
  static String hash(HasMetadata desired) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (OutputStream json = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
        Serialization.jsonMapper().writeValue(json, desired);
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize " + desired.getKind(), e);
    }
  }
}
