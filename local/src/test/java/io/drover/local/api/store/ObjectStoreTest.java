package io.drover.local.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Json;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.resource.ResourceRegistry;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store's own rules, below admission and the HTTP front. */
class ObjectStoreTest {

  private final ResourceRegistry registry = new ResourceRegistry();
  private final ResourceType configMaps = registry.find("", "v1", "configmaps").orElseThrow();
  private final ResourceType namespaces = registry.find("", "v1", "namespaces").orElseThrow();
  private final ResourceType deployments = registry.find("apps", "v1", "deployments").orElseThrow();
  private final List<StoreEvent> events = new CopyOnWriteArrayList<>();
  private final ObjectStore store = new ObjectStore(events::add);

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void listsComeSortedByNamespaceAndNameAndStayInTheirNamespace() {
    for (String[] place :
        new String[][] {{"b", "z"}, {"ab", "a"}, {"a", "y"}, {"a", "b"}, {"b", "a"}}) {
      store.create(configMaps, place[0], configMap(place[0], place[1]));
    }

    assertThat(names(store.list(configMaps, null)))
        .containsExactly("a/b", "a/y", "ab/a", "b/a", "b/z");
    assertThat(names(store.list(configMaps, "a"))).containsExactly("a/b", "a/y");
    assertThat(store.list(configMaps, "c").items()).isEmpty();
    assertThat(store.list(deployments, null).items()).isEmpty();
  }

  @Test
  void anObjectIsFoundByItsNamespaceAndNameAndOnlyThere() {
    store.create(configMaps, "a", configMap("a", "settings"));

    assertThat(store.get(configMaps, "a", "settings")).isPresent();
    assertThat(store.get(configMaps, "b", "settings")).isEmpty();
    assertThat(store.get(deployments, "a", "settings")).isEmpty();
    // No namespace given for a namespaced kind: the first of that name anywhere.
    assertThat(store.get(configMaps, null, "settings")).isPresent();
    assertThatThrownBy(() -> store.create(configMaps, "a", configMap("a", "settings")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(409));
  }

  @Test
  void aClusterScopedObjectIgnoresTheNamespaceAskedFor() {
    ObjectNode namespace = Json.MAPPER.createObjectNode();
    namespace.put("apiVersion", "v1").put("kind", "Namespace");
    namespace.putObject("metadata").put("name", "team-a");
    store.create(namespaces, null, namespace);

    assertThat(store.get(namespaces, "whatever", "team-a")).isPresent();
    assertThat(store.list(namespaces, "whatever").items()).hasSize(1);
  }

  @Test
  void generationMovesWithTheSpecAndResourceVersionWithAnyChange() {
    ObjectNode created = store.create(configMaps, "a", configMap("a", "settings"));
    long first = Metadata.resourceVersionNumber(created);

    ObjectNode sameAgain = store.replace(configMaps, "a", "settings", created);
    assertThat(Metadata.resourceVersionNumber(sameAgain)).isEqualTo(first);

    ObjectNode labelled = created.deepCopy();
    Metadata.of(labelled).putObject("labels").put("team", "a");
    ObjectNode afterLabel = store.replace(configMaps, "a", "settings", labelled);
    assertThat(Metadata.resourceVersionNumber(afterLabel)).isGreaterThan(first);
    assertThat(afterLabel.path("metadata").path("generation").asLong()).isEqualTo(1);

    ObjectNode changed = afterLabel.deepCopy();
    changed.with("data").put("key", "other");
    Metadata.of(changed).put("uid", "forged").put("generation", 40);
    ObjectNode afterData = store.replace(configMaps, "a", "settings", changed);
    assertThat(afterData.path("metadata").path("generation").asLong()).isEqualTo(2);
    assertThat(Metadata.uid(afterData)).isEqualTo(Metadata.uid(created));
    assertThat(
            store.get(configMaps, "a", "settings").orElseThrow().path("data").path("key").asText())
        .isEqualTo("other");
  }

  @Test
  void aWriteFromAStaleResourceVersionIsRefused() {
    ObjectNode created = store.create(configMaps, "a", configMap("a", "settings"));
    ObjectNode changed = created.deepCopy();
    changed.with("data").put("key", "new");
    store.replace(configMaps, "a", "settings", changed);

    ObjectNode stale = created.deepCopy();
    stale.with("data").put("key", "lost update");
    assertThatThrownBy(() -> store.replace(configMaps, "a", "settings", stale))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(409));
    assertThatThrownBy(() -> store.replace(configMaps, "a", "missing", stale))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void aStatusWriteChangesOnlyTheStatus() {
    ObjectNode created = store.create(deployments, "a", deployment("web", 1));
    ObjectNode body = deployment("web", 5);
    body.putObject("status").put("readyReplicas", 1);

    ObjectNode stored = store.replaceStatus(deployments, "a", "web", body);

    assertThat(stored.path("spec").path("replicas").asInt()).isEqualTo(1);
    assertThat(stored.path("status").path("readyReplicas").asInt()).isEqualTo(1);
    assertThat(stored.path("metadata").path("generation").asLong()).isEqualTo(1);
    assertThat(Metadata.resourceVersionNumber(stored))
        .isGreaterThan(Metadata.resourceVersionNumber(created));
  }

  @Test
  void everyChangeIsReportedInOrderWithTheDeletionAtItsAnnouncedVersion() {
    ObjectNode created = store.create(configMaps, "a", configMap("a", "settings"));
    ObjectNode changed = created.deepCopy();
    changed.with("data").put("key", "new");
    store.replace(configMaps, "a", "settings", changed);
    long[] announced = new long[1];
    boolean removed =
        store.remove(configMaps, "a", "settings", changed, version -> announced[0] = version);

    assertThat(removed).isTrue();
    assertThat(store.get(configMaps, "a", "settings")).isEmpty();
    assertThat(store.resourceVersion()).isEqualTo(announced[0]);
    assertThat(store.remove(configMaps, "a", "settings", changed, version -> {})).isFalse();
    await().until(() -> events.size() == 3);
    assertThat(events).extracting(StoreEvent::type).containsExactly("ADDED", "MODIFIED", "DELETED");
    assertThat(Metadata.resourceVersionNumber(events.get(1).object()))
        .isGreaterThan(Metadata.resourceVersionNumber(events.get(0).object()));
  }

  private static ObjectNode configMap(String namespace, String name) {
    ObjectNode object = Json.MAPPER.createObjectNode();
    object.put("apiVersion", "v1").put("kind", "ConfigMap");
    object.putObject("metadata").put("name", name).put("namespace", namespace);
    object.putObject("data").put("key", "value");
    return object;
  }

  private static ObjectNode deployment(String name, int replicas) {
    ObjectNode object = Json.MAPPER.createObjectNode();
    object.put("apiVersion", "apps/v1").put("kind", "Deployment");
    object.putObject("metadata").put("name", name).put("namespace", "a");
    object.putObject("spec").put("replicas", replicas);
    return object;
  }

  private static List<String> names(StoredList list) {
    return list.items().stream().map(o -> Metadata.namespace(o) + "/" + Metadata.name(o)).toList();
  }
}
