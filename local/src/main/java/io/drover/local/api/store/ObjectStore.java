package io.drover.local.api.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Json;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The local API's objects, keyed as a real API server keys them: by kind, then namespace and name.
 * A get or write costs the same with ten objects or fifty thousand, and a list costs what that kind
 * holds; lists come sorted by namespace and name, as from etcd. The store assigns uid,
 * creationTimestamp, resource versions and generations, refuses writes based on a stale resource
 * version and reports every change, in order, to one listener. Everything else an API server does
 * (admission, server-owned fields, the status subresource, deletion) lives in front of it.
 *
 * <p>Objects are kept as their JSON text: compact, and every read hands out a copy nobody else
 * holds.
 */
public final class ObjectStore implements AutoCloseable {

  /** Where a kind's objects live: one map per group, version and plural. */
  private record KindKey(String group, String version, String plural) {
    static KindKey of(ResourceType type) {
      return new KindKey(type.group(), type.version(), type.plural());
    }
  }

  /** An object's place in its kind's map; "" is the namespace of cluster-scoped objects. */
  private record ObjectKey(String namespace, String name) implements Comparable<ObjectKey> {
    @Override
    public int compareTo(ObjectKey other) {
      int byNamespace = namespace.compareTo(other.namespace);
      return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }
  }

  private final Map<KindKey, NavigableMap<ObjectKey, String>> kinds = new HashMap<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final StoreEventFeed feed;
  private long resourceVersion;

  /**
   * @param listener receives every change of the store, in order, on the store's event thread
   */
  public ObjectStore(Consumer<StoreEvent> listener) {
    this.feed = new StoreEventFeed(listener);
  }

  /**
   * The object {@code name}, if stored. For a namespaced kind and no namespace, the first of that
   * name in any namespace.
   */
  public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
    return read(() -> Optional.ofNullable(find(type, namespace, name)).map(Json::parseStored));
  }

  /** The objects of a kind, in one namespace or (namespace null) in all. */
  public StoredList list(ResourceType type, String namespace) {
    return read(
        () -> {
          List<ObjectNode> items = new ArrayList<>();
          for (String json : objectsOf(type, namespace).values()) {
            items.add(Json.parseStored(json));
          }
          return new StoredList(items, resourceVersion);
        });
  }

  /** The store's current resource version. */
  public long resourceVersion() {
    return read(() -> resourceVersion);
  }

  /**
   * Stores a new object, giving it a random uid (unique across restarts, unlike a counter),
   * creationTimestamp, the next resource version and generation 1.
   *
   * @throws ApiException 409 when an object of that name exists
   */
  public ObjectNode create(ResourceType type, String namespace, ObjectNode object) {
    return write(
        () -> {
          String name = Metadata.name(object);
          if (find(type, namespace, name) != null) {
            throw ApiException.alreadyExists(type, name);
          }
          ObjectNode stored = object.deepCopy();
          ObjectNode metadata = Metadata.of(stored);
          metadata.put("uid", UUID.randomUUID().toString());
          metadata.put(
              "creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
          metadata.put("generation", 1);
          metadata.put("resourceVersion", String.valueOf(++resourceVersion));
          put(type, stored, "ADDED");
          return stored;
        });
  }

  /**
   * Replaces an object. The store keeps its uid, creationTimestamp, namespace and generation, takes
   * the next resource version when anything changed and the next generation when anything outside
   * metadata and status changed.
   *
   * @throws ApiException 404 when there is no such object, 409 when {@code object} carries a
   *     resource version other than the stored one
   */
  public ObjectNode replace(ResourceType type, String namespace, String name, ObjectNode object) {
    return write(() -> update(type, namespace, name, object, false));
  }

  /**
   * Replaces only the status of an object: the stored object with {@code object}'s status, for a
   * custom kind with a status subresource. No resource version precondition: the writer checks the
   * one its caller sent.
   */
  public ObjectNode replaceStatus(
      ResourceType type, String namespace, String name, ObjectNode object) {
    return write(() -> update(type, namespace, name, object, true));
  }

  private ObjectNode update(
      ResourceType type, String namespace, String name, ObjectNode object, boolean statusOnly) {
    String json = find(type, namespace, name);
    if (json == null) {
      throw ApiException.notFound(type, name);
    }
    ObjectNode current = Json.parseStored(json);
    ObjectNode updated;
    if (statusOnly) {
      updated = current.deepCopy();
      if (object.has("status")) {
        updated.set("status", object.get("status").deepCopy());
      } else {
        updated.remove("status");
      }
    } else {
      String sentVersion = Metadata.resourceVersion(object);
      if (!sentVersion.isEmpty() && !sentVersion.equals(Metadata.resourceVersion(current))) {
        throw ApiException.staleResourceVersion(type, name);
      }
      updated = object.deepCopy();
      keepServerMetadata(current, updated);
      if (specChanged(current, updated)) {
        Metadata.of(updated)
            .put("generation", current.path("metadata").path("generation").asLong() + 1);
      }
    }
    if (updated.equals(current)) {
      return current;
    }
    Metadata.of(updated).put("resourceVersion", String.valueOf(++resourceVersion));
    put(type, updated, "MODIFIED");
    return updated;
  }

  private static void keepServerMetadata(ObjectNode current, ObjectNode updated) {
    ObjectNode metadata = Metadata.of(updated);
    ObjectNode stored = Metadata.of(current);
    for (String field :
        List.of("namespace", "uid", "creationTimestamp", "resourceVersion", "generation")) {
      if (stored.has(field)) {
        metadata.set(field, stored.get(field).deepCopy());
      } else {
        metadata.remove(field);
      }
    }
  }

  /** Whether anything outside metadata and status differs: what moves the generation. */
  private static boolean specChanged(ObjectNode current, ObjectNode updated) {
    Set<String> fields = new HashSet<>();
    current.fieldNames().forEachRemaining(fields::add);
    updated.fieldNames().forEachRemaining(fields::add);
    fields.remove("metadata");
    fields.remove("status");
    return fields.stream()
        .anyMatch(field -> !Objects.equals(current.get(field), updated.get(field)));
  }

  /**
   * Removes an object for good. Its deletion takes the next resource version, which {@code
   * announce} gets before the DELETED event is queued; nothing can be read between the two, so a
   * list never shows the object at the deletion's resource version (a watch from that list would
   * then miss the deletion).
   *
   * @param lastState the object as the DELETED event reports it (marked for deletion, when it had
   *     finalizers)
   * @return false when there was no such object
   */
  public boolean remove(
      ResourceType type,
      String namespace,
      String name,
      ObjectNode lastState,
      LongConsumer announce) {
    return write(
        () -> {
          NavigableMap<ObjectKey, String> objects = kinds.get(KindKey.of(type));
          ObjectKey key = objects == null ? null : keyOf(type, namespace, name, objects);
          if (key == null) {
            return false;
          }
          objects.remove(key);
          announce.accept(++resourceVersion);
          feed.publish(new StoreEvent("DELETED", lastState.deepCopy()));
          return true;
        });
  }

  /**
   * Puts back an object saved by an earlier run, exactly as it was (uid, resourceVersion and
   * timestamps kept), and reports it ADDED. Only while the server starts, before any request is
   * served.
   */
  public void restore(ResourceType type, ObjectNode object) {
    write(
        () -> {
          put(type, object.deepCopy(), "ADDED");
          return null;
        });
  }

  /** Moves the store's resource version up to {@code version}, after a restore. */
  public void advanceResourceVersionTo(long version) {
    write(
        () -> {
          resourceVersion = Math.max(resourceVersion, version);
          return null;
        });
  }

  /** Delivers the changes still queued, then stops the event thread. */
  @Override
  public void close() {
    feed.close();
  }

  /** Stores {@code object} under its own namespace and name and reports the change. */
  private void put(ResourceType type, ObjectNode object, String change) {
    String namespace = type.namespaced() ? Metadata.namespace(object) : "";
    kinds
        .computeIfAbsent(KindKey.of(type), k -> new TreeMap<>())
        .put(new ObjectKey(namespace, Metadata.name(object)), Json.write(object));
    feed.publish(new StoreEvent(change, object.deepCopy()));
  }

  /** The stored JSON of an object, or null. Called with a lock held. */
  private String find(ResourceType type, String namespace, String name) {
    NavigableMap<ObjectKey, String> objects = kinds.get(KindKey.of(type));
    if (objects == null) {
      return null;
    }
    ObjectKey key = keyOf(type, namespace, name, objects);
    return key == null ? null : objects.get(key);
  }

  private static ObjectKey keyOf(
      ResourceType type, String namespace, String name, NavigableMap<ObjectKey, String> objects) {
    if (!type.namespaced()) {
      ObjectKey key = new ObjectKey("", name);
      return objects.containsKey(key) ? key : null;
    }
    if (namespace != null) {
      ObjectKey key = new ObjectKey(namespace, name);
      return objects.containsKey(key) ? key : null;
    }
    for (ObjectKey key : objects.keySet()) {
      if (key.name().equals(name)) {
        return key;
      }
    }
    return null;
  }

  /** A kind's objects in one namespace, or in all; a view, read with a lock held. */
  private Map<ObjectKey, String> objectsOf(ResourceType type, String namespace) {
    NavigableMap<ObjectKey, String> objects = kinds.get(KindKey.of(type));
    if (objects == null) {
      return Map.of();
    }
    if (!type.namespaced() || namespace == null) {
      return objects;
    }
    // Every name sorts after "" and before the first code point past what names may hold.
    return objects.subMap(
        new ObjectKey(namespace, ""), true, new ObjectKey(namespace, "\uffff"), false);
  }

  private <T> T read(Supplier<T> action) {
    lock.readLock().lock();
    try {
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T write(Supplier<T> action) {
    lock.writeLock().lock();
    try {
      return action.get();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
