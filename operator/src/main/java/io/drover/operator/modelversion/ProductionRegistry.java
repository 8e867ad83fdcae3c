package io.drover.operator.modelversion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.kubernetes.DroverLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which version of a model is in Production, kept in one ConfigMap per model. Moving it is a
 * compare-and-swap on the ConfigMap's resourceVersion, so among concurrent promotions exactly one
 * wins, and only while the version it was compared against is still the one in Production.
 * ModelVersion statuses follow this record.
 */
public final class ProductionRegistry {

  static final String PRODUCTION = "production";
  static final String PREVIOUS = "previous";
  static final String CHANGED_AT = "changedAt";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ConcurrentHashMap<String, Object> MOVES = new ConcurrentHashMap<>();

  private ProductionRegistry() {}

  /** Where the model's Production version is stored, if it has one. */
  public static Optional<String> productionArtifact(
      KubernetesClient client, String namespace, String model) {
    return production(client, namespace, model)
        .map(
            name ->
                client.resources(ModelVersion.class).inNamespace(namespace).withName(name).get())
        .map(version -> version.getSpec().artifact().uri());
  }

  /** The Production version's name, if the model has one. */
  static Optional<String> production(KubernetesClient client, String namespace, String model) {
    return record(client, namespace, model)
        .map(ConfigMap::getData)
        .map(data -> data.get(PRODUCTION))
        .filter(name -> !name.isBlank());
  }

  /**
   * Makes {@code candidate} the Production version if {@code expected} still is (empty: if none
   * is). Returns whether the record now names the candidate.
   */
  static boolean promote(
      KubernetesClient client,
      String namespace,
      String model,
      Optional<String> expected,
      String candidate,
      Instant now) {
    return swap(client, namespace, model, expected, Optional.of(candidate), now);
  }

  /** Leaves the model without a Production version, if {@code version} still is it. */
  static boolean release(
      KubernetesClient client, String namespace, String model, String version, Instant now) {
    return swap(client, namespace, model, Optional.of(version), Optional.empty(), now);
  }

  private static boolean swap(
      KubernetesClient client,
      String namespace,
      String model,
      Optional<String> expected,
      Optional<String> next,
      Instant now) {
    // Reconciles of different versions run in parallel: moves of one model's record are
    // serialized here, and across processes by the API server's atomic, tested patch.
    synchronized (MOVES.computeIfAbsent(namespace + "/" + model, key -> new Object())) {
      return swapExclusively(client, namespace, model, expected, next, now);
    }
  }

  private static boolean swapExclusively(
      KubernetesClient client,
      String namespace,
      String model,
      Optional<String> expected,
      Optional<String> next,
      Instant now) {
    Optional<ConfigMap> current = record(client, namespace, model);
    Optional<String> holder =
        current.map(ConfigMap::getData).map(d -> d.get(PRODUCTION)).filter(n -> !n.isBlank());
    if (holder.equals(next)) {
      return true;
    }
    if (!holder.equals(expected)) {
      return false;
    }
    Map<String, String> data = new HashMap<>();
    data.put(PRODUCTION, next.orElse(""));
    data.put(PREVIOUS, holder.orElse(""));
    data.put(CHANGED_AT, now.toString());
    try {
      if (current.isEmpty()) {
        client.resource(newRecord(namespace, model, data)).create();
      } else {
        // A JSON patch whose first operation tests the holder: the API server applies it to the
        // latest object atomically, so it fails if another promotion moved the record first.
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(current.get().getMetadata().getName())
            .patch(PatchContext.of(PatchType.JSON), compareAndSwap(holder, data));
      }
      return true;
    } catch (KubernetesClientException e) {
      // 409: created concurrently; 422: the test operation failed. Anything else is retried.
      if (e.getCode() == 409 || e.getCode() == 422) {
        return false;
      }
      throw e;
    }
  }

  private static String compareAndSwap(Optional<String> holder, Map<String, String> data) {
    ArrayNode patch = JSON.createArrayNode();
    patch
        .addObject()
        .put("op", "test")
        .put("path", "/data/" + PRODUCTION)
        .put("value", holder.orElse(""));
    data.forEach(
        (key, value) ->
            patch.addObject().put("op", "add").put("path", "/data/" + key).put("value", value));
    return patch.toString();
  }

  private static Optional<ConfigMap> record(
      KubernetesClient client, String namespace, String model) {
    return Optional.ofNullable(
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(ModelVersionResources.registryName(model))
            .get());
  }

  private static ConfigMap newRecord(String namespace, String model, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(ModelVersionResources.registryName(model))
        .withNamespace(namespace)
        .addToLabels(DroverLabels.MODEL_LABEL, model)
        .addToLabels(DroverLabels.MANAGED_BY_LABEL, DroverLabels.MANAGED_BY)
        .addToLabels(DroverLabels.COMPONENT_LABEL, "registry")
        .endMetadata()
        .withData(data)
        .build();
  }

  /** The versions a change of this record concerns: the new and the previous holder. */
  static java.util.Set<String> concerned(ConfigMap record) {
    Map<String, String> data = Objects.requireNonNullElse(record.getData(), Map.of());
    java.util.Set<String> names = new java.util.HashSet<>();
    for (String key : new String[] {PRODUCTION, PREVIOUS}) {
      String name = data.get(key);
      if (name != null && !name.isBlank()) {
        names.add(name);
      }
    }
    return names;
  }
}
