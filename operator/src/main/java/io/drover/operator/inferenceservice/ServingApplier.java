package io.drover.operator.inferenceservice;

import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Makes the serving objects what the status says: creates what is missing, replaces what differs
 * from the desired object (compared by a hash of it, since the API server fills defaults in), and
 * deletes the variants no longer served. Versions that shrink go first, so a rollout never holds
 * more replicas — or GPUs — than its budget, not even between two writes.
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
      InformerEventSource<NetworkPolicy, InferenceService> networkPolicies) {}

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
    shrinking.forEach(d -> write(service, d, sources.deployments(), context));
    others.forEach(d -> write(service, d, sources.deployments(), context));
    served.forEach(v -> write(service, servers.service(service, v), sources.services(), context));

    write(service, RoutingTableBuilder.configMap(service, status), sources.configMaps(), context);
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

  private void deleteUnserved(
      InferenceService service,
      Set<String> served,
      Sources sources,
      Context<InferenceService> context) {
    String namespace = service.getMetadata().getNamespace();
    Stream.<InformerEventSource<? extends HasMetadata, InferenceService>>of(
            sources.deployments(), sources.services())
        .flatMap(source -> source.list(namespace, child -> isVariantOf(service, child)))
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

  static String hash(HasMetadata desired) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Serialization.asJson(desired).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
