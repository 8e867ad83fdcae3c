package io.drover.operator.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.kubernetes.DroverLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which version of a model is in Production, kept in one ConfigMap per model ({@code
 * drover-registry-<model>}). Reads come from an informer cache; a move is a JSON patch whose first
 * operation tests that the record still names the holder the caller observed, so the API server —
 * not this process — decides which of concurrent promotions wins. What this process wrote is
 * visible to its next read at once (the informer's recent-write cache).
 */
public final class ProductionRegistry {

  static final String PRODUCTION = "production";
  static final String PREVIOUS = "previous";
  static final String CHANGED_AT = "changedAt";
  static final String COMPONENT = "registry";

  /** Equality selector of the registry records. */
  public static final String SELECTOR =
      DroverLabels.MANAGED_SELECTOR + "," + DroverLabels.COMPONENT_LABEL + "=" + COMPONENT;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final InformerEventSource<ConfigMap, ?> records;

  public ProductionRegistry(KubernetesClient client, InformerEventSource<ConfigMap, ?> records) {
    this.client = client;
    this.records = records;
  }

  /**
   * An informer of the registry records, named {@code name}, mapping a record change with {@code
   * mapper}.
   */
  public static <P extends HasMetadata> InformerEventSource<ConfigMap, P> informer(
      String name,
      Class<P> primary,
      SecondaryToPrimaryMapper<ConfigMap> mapper,
      EventSourceContext<P> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(ConfigMap.class, primary)
            .withName(name)
            .withLabelSelector(SELECTOR)
            .withSecondaryToPrimaryMapper(mapper)
            .build(),
        context);
  }

  /** The registry record of a model. */
  public static String recordName(String model) {
    return "drover-registry-" + model;
  }

  /**
   * The name the record gives as the model's Production version, if any. It may name a version that
   * has been deleted since: callers decide what a missing holder means.
   */
  public Optional<String> holder(String namespace, String model) {
    return record(namespace, model).flatMap(ProductionRegistry::holderOf);
  }

  /**
   * Makes {@code candidate} the Production version if the record still names {@code expected}
   * (empty: no version). The result says whether it moved and whom the record names now.
   */
  public Move promote(
      String namespace, String model, Optional<String> expected, String candidate, Instant now) {
    return swap(namespace, model, expected, Optional.of(candidate), now);
  }

  /** Leaves the model without a Production version, if {@code version} still is it. */
  public Move release(String namespace, String model, String version, Instant now) {
    return swap(namespace, model, Optional.of(version), Optional.empty(), now);
  }

  /**
   * The outcome of a move.
   *
   * @param moved whether the record now names what was asked
   * @param holder whom the record names after the attempt
   */
  public record Move(boolean moved, Optional<String> holder) {}

  private Move swap(
      String namespace,
      String model,
      Optional<String> expected,
      Optional<String> next,
      Instant now) {
    Optional<ConfigMap> cached = record(namespace, model);
    if (cached.flatMap(ProductionRegistry::holderOf).equals(next)) {
      return new Move(true, next);
    }
    Map<String, String> data = new HashMap<>();
    data.put(PRODUCTION, next.orElse(""));
    data.put(PREVIOUS, expected.orElse(""));
    data.put(CHANGED_AT, now.toString());
    try {
      ConfigMap written;
      if (cached.isEmpty() && expected.isEmpty()) {
        // No record yet (or not seen yet): creating it is the compare-and-swap; 409 if one exists.
        written = client.resource(newRecord(namespace, model, data)).create();
        records.handleRecentResourceCreate(ResourceID.fromResource(written), written);
      } else {
        // The API server applies a JSON patch to the latest object atomically: its first
        // operation fails the whole patch when the record no longer names `expected`.
        written =
            client
                .configMaps()
                .inNamespace(namespace)
                .withName(recordName(model))
                .patch(PatchContext.of(PatchType.JSON), compareAndSwap(expected, data));
        records.handleRecentResourceUpdate(
            ResourceID.fromResource(written), written, cached.orElse(null));
      }
      return new Move(true, next);
    } catch (KubernetesClientException e) {
      // 409: created concurrently; 422 (500 from some stand-ins): the test operation failed. The
      // API's record tells which: lost to another move, or an error worth retrying.
      Optional<String> recorded = fresh(namespace, model).flatMap(ProductionRegistry::holderOf);
      if (recorded.equals(next)) {
        return new Move(true, next);
      }
      if (!recorded.equals(expected)) {
        return new Move(false, recorded);
      }
      throw e;
    }
  }

  private static String compareAndSwap(Optional<String> expected, Map<String, String> data) {
    ArrayNode patch = JSON.createArrayNode();
    patch
        .addObject()
        .put("op", "test")
        .put("path", "/data/" + PRODUCTION)
        .put("value", expected.orElse(""));
    data.forEach(
        (key, value) ->
            patch.addObject().put("op", "add").put("path", "/data/" + key).put("value", value));
    return patch.toString();
  }

  private Optional<ConfigMap> record(String namespace, String model) {
    return records.get(new ResourceID(recordName(model), namespace));
  }

  private Optional<ConfigMap> fresh(String namespace, String model) {
    return Optional.ofNullable(
        client.configMaps().inNamespace(namespace).withName(recordName(model)).get());
  }

  private static Optional<String> holderOf(ConfigMap record) {
    return Optional.ofNullable(record.getData())
        .map(data -> data.get(PRODUCTION))
        .filter(name -> !name.isBlank());
  }

  private static ConfigMap newRecord(String namespace, String model, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(recordName(model))
        .withNamespace(namespace)
        .addToLabels(DroverLabels.MODEL_LABEL, model)
        .addToLabels(DroverLabels.MANAGED_BY_LABEL, DroverLabels.MANAGED_BY)
        .addToLabels(DroverLabels.COMPONENT_LABEL, COMPONENT)
        .endMetadata()
        .withData(data)
        .build();
  }

  /** The versions a change of this record concerns: the new and the previous holder. */
  public static Set<ResourceID> concerned(ConfigMap record) {
    Map<String, String> data = Objects.requireNonNullElse(record.getData(), Map.of());
    Set<ResourceID> names = new HashSet<>();
    for (String key : new String[] {PRODUCTION, PREVIOUS}) {
      String name = data.get(key);
      if (name != null && !name.isBlank()) {
        names.add(new ResourceID(name, record.getMetadata().getNamespace()));
      }
    }
    return names;
  }

  /**
   * The artifact of a model's Production version as the API has it now; empty if it has none. Read
   * once per run, when its Job is made: a promotion the caches have not seen yet (another
   * controller's write a moment ago) must not leave the run without its reference data.
   */
  public Optional<String> productionArtifact(String namespace, String model) {
    return fresh(namespace, model)
        .flatMap(ProductionRegistry::holderOf)
        .map(
            name ->
                client.resources(ModelVersion.class).inNamespace(namespace).withName(name).get())
        .filter(version -> version.getSpec() != null && version.getSpec().artifact() != null)
        .map(version -> version.getSpec().artifact().uri());
  }
}
