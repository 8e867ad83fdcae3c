package io.drover.local.api.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Json;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The Fabric8 mock server's CRUD store ({@link KubernetesCrudDispatcher}), wrapped: it keeps the
 * objects, assigns uid, creationTimestamp and resource versions, detects stale main-resource writes
 * and fans events out. Everything an API server adds on top lives in front of it; this class only
 * translates between API objects and the store's requests.
 *
 * <p>Paths handed to the store never carry a query string: with one, the store no longer sees a
 * {@code /status} path and drops the status it was sent.
 *
 * <p>Reads use exact attribute queries (group included) rather than the store's path queries, which
 * cannot tell core {@code events} from {@code events.k8s.io} events, and this class tracks the
 * store's resource version, which the store only reveals by incrementing it.
 */
public final class ObjectStore implements AutoCloseable {

  private static final String API = "api";

  private final KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final StoreEventFeed feed;
  private long resourceVersion;

  /**
   * @param listener receives every change of the store, in order, on the store's event thread
   */
  public ObjectStore(java.util.function.Consumer<StoreEvent> listener) {
    this.feed = StoreEventFeed.attach(dispatcher, listener);
  }

  /** The object {@code name}, if stored. */
  public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
    AttributeSet query = query(type, namespace).add(new Attribute("name", name));
    return read(
        () -> {
          for (Map.Entry<AttributeSet, String> entry : entries()) {
            if (entry.getKey().matches(query)) {
              return Optional.of(Json.parseStored(entry.getValue()));
            }
          }
          return Optional.empty();
        });
  }

  /** The objects of a kind, in one namespace or (namespace null) in all. */
  public StoredList list(ResourceType type, String namespace) {
    AttributeSet query = query(type, namespace);
    return read(
        () -> {
          List<ObjectNode> items = new ArrayList<>();
          for (Map.Entry<AttributeSet, String> entry : entries()) {
            if (entry.getKey().matches(query)) {
              items.add(Json.parseStored(entry.getValue()));
            }
          }
          return new StoredList(items, resourceVersion);
        });
  }

  /** The store's current resource version. */
  public long resourceVersion() {
    return read(() -> resourceVersion);
  }

  /**
   * Stores a new object, giving it a random uid, creationTimestamp, the next resource version and
   * generation 1. (The store's own create would number uids from a counter that restarts with the
   * process, so restored objects and new ones could share a uid.)
   *
   * @throws ApiException 409 when an object of that name exists
   */
  public ObjectNode create(ResourceType type, String namespace, ObjectNode object) {
    return write(
        () -> {
          String name = Metadata.name(object);
          AttributeSet key = query(type, namespace).add(new Attribute("name", name));
          for (Map.Entry<AttributeSet, String> entry : entries()) {
            if (entry.getKey().matches(key)) {
              throw ApiException.alreadyExists(type, name);
            }
          }
          ObjectNode stored = object.deepCopy();
          ObjectNode metadata = Metadata.of(stored);
          metadata.put("uid", UUID.randomUUID().toString());
          metadata.put(
              "creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
          metadata.put("generation", 1);
          resourceVersion = dispatcher.requestResourceVersion();
          metadata.put("resourceVersion", String.valueOf(resourceVersion));
          insert(type, stored);
          return stored;
        });
  }

  /**
   * Replaces an object. The store keeps uid, creationTimestamp and (for a custom kind with a status
   * subresource) the stored status, bumps the resource version when anything changed and the
   * generation when anything outside metadata and status changed.
   */
  public ObjectNode replace(ResourceType type, String namespace, String name, ObjectNode object) {
    return write(
        () -> {
          if (Metadata.markedForDeletion(object) && Metadata.finalizers(object).isEmpty()) {
            return replaceKeepingIt(type, namespace, name, object);
          }
          return answer(
              type,
              object,
              dispatcher.handleUpdate(
                  request(HttpMethod.PUT, type.objectPath(namespace, name), object)));
        });
  }

  /**
   * Replaces an object marked for deletion that has no finalizers in its metadata, which the
   * store's update would delete: a terminating namespace, held by the finalizers in its spec.
   */
  private ObjectNode replaceKeepingIt(
      ResourceType type, String namespace, String name, ObjectNode object) {
    AttributeSet query = query(type, namespace).add(new Attribute("name", name));
    Map.Entry<AttributeSet, String> current = null;
    for (Map.Entry<AttributeSet, String> entry : entries()) {
      if (entry.getKey().matches(query)) {
        current = entry;
        break;
      }
    }
    if (current == null) {
      throw ApiException.notFound(type, name);
    }
    ObjectNode stored = Json.parseStored(current.getValue());
    ObjectNode updated = object.deepCopy();
    ObjectNode metadata = Metadata.of(updated);
    for (String field : List.of("uid", "creationTimestamp", "generation", "resourceVersion")) {
      metadata.set(field, stored.path("metadata").get(field));
    }
    if (updated.equals(stored)) {
      return stored;
    }
    resourceVersion = dispatcher.requestResourceVersion();
    metadata.put("resourceVersion", String.valueOf(resourceVersion));
    String path = type.objectPath(namespace, name);
    String json = Json.write(updated);
    dispatcher.processEvent(
        path,
        dispatcher.getKey(path),
        current.getKey(),
        Serialization.unmarshal(json, GenericKubernetesResource.class),
        json);
    return updated;
  }

  /** Replaces only the status of a custom object whose kind has a status subresource. */
  public ObjectNode replaceStatus(
      ResourceType type, String namespace, String name, ObjectNode object) {
    return write(
        () ->
            answer(
                type,
                object,
                dispatcher.handleUpdate(
                    request(
                        HttpMethod.PUT, type.objectPath(namespace, name) + "/status", object))));
  }

  /**
   * Removes an object for good. Its deletion takes the next resource version, which {@code
   * announce} gets before the store fans the DELETED event out; nothing can be read between the
   * two, so a list never shows the object at the deletion's resource version (a watch from that
   * list would then miss the deletion).
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
      java.util.function.LongConsumer announce) {
    return write(
        () -> {
          AttributeSet query = query(type, namespace).add(new Attribute("name", name));
          String stored = null;
          for (Map.Entry<AttributeSet, String> entry : entries()) {
            if (entry.getKey().matches(query)) {
              stored = entry.getValue();
              break;
            }
          }
          if (stored == null) {
            return false;
          }
          resourceVersion = dispatcher.requestResourceVersion();
          announce.accept(resourceVersion);
          String path = type.objectPath(namespace, name);
          if (Metadata.finalizers(Json.parseStored(stored)).isEmpty()) {
            dispatcher.handleDelete(path);
          } else {
            // The store deletes an object marked for deletion once a write leaves it no
            // finalizers: its own path for an update that removes the last one.
            ObjectNode body = lastState.deepCopy();
            body.with("metadata").remove("finalizers");
            dispatcher.handleUpdate(request(HttpMethod.PUT, path, body));
          }
          return true;
        });
  }

  /**
   * Puts back an object saved by an earlier run, exactly as it was (uid, resourceVersion and
   * timestamps kept). Only while the server starts, before any request is served.
   */
  public void restore(ResourceType type, ObjectNode object) {
    write(
        () -> {
          insert(type, object);
          return null;
        });
  }

  /**
   * Puts an object into the store's map and fans the ADDED event out, through the store's own
   * primitive for it. Called with the write lock held: every store write goes through this class.
   */
  private void insert(ResourceType type, ObjectNode object) {
    String path = type.objectPath(Metadata.namespace(object), Metadata.name(object));
    String json = Json.write(object);
    GenericKubernetesResource resource =
        Serialization.unmarshal(json, GenericKubernetesResource.class);
    dispatcher.processEvent(path, dispatcher.getKey(path), null, resource, json);
  }

  /** Moves the store's resource version up to {@code version}, after a restore. */
  public void advanceResourceVersionTo(long version) {
    write(
        () -> {
          while (resourceVersion < version) {
            resourceVersion = dispatcher.requestResourceVersion();
          }
          return null;
        });
  }

  @Override
  public void close() {
    feed.close();
  }

  private ObjectNode answer(ResourceType type, ObjectNode sent, MockResponse response) {
    int code = response.code();
    String body = response.getBody() == null ? "" : response.getBody().readUtf8();
    if (code >= 200 && code < 300 && !body.isEmpty()) {
      ObjectNode stored = Json.parseStored(body);
      resourceVersion = Math.max(resourceVersion, Metadata.resourceVersionNumber(stored));
      return stored;
    }
    String name = Metadata.name(sent);
    if (code == 404) {
      throw ApiException.notFound(type, name);
    }
    if (code == 409) {
      if (body.contains("already exists")) {
        throw ApiException.alreadyExists(type, name);
      }
      throw ApiException.staleResourceVersion(type, name);
    }
    String message =
        body.isEmpty()
            ? "the store answered " + code + " without an object"
            : Json.parse(body).path("message").asText(body);
    throw new ApiException(
        code >= 400 ? code : 500, code == 400 ? "BadRequest" : "InternalError", message);
  }

  private static RecordedRequest request(HttpMethod method, String path, ObjectNode body) {
    Headers headers = Headers.builder().add("Content-Type", "application/json").build();
    return new RecordedRequest(
        "HTTP/1.1", method, path, headers, new Buffer().writeUtf8(Json.write(body)));
  }

  /** The attributes the store keys an object of this kind by, group included (absent for core). */
  private static AttributeSet query(ResourceType type, String namespace) {
    List<Attribute> attributes = new ArrayList<>();
    attributes.add(new Attribute("plural", type.plural()));
    attributes.add(new Attribute("version", type.version()));
    if (type.group().isEmpty()) {
      attributes.add(new Attribute(API, "", AttributeType.NOT_EXISTS));
    } else {
      attributes.add(new Attribute(API, type.group()));
    }
    if (type.namespaced() && namespace != null) {
      attributes.add(new Attribute("namespace", namespace));
    }
    return new AttributeSet(attributes);
  }

  /** A snapshot of the store's entries (the store's map is synchronized; copying it is safe). */
  private List<Map.Entry<AttributeSet, String>> entries() {
    return new ArrayList<>(dispatcher.getMap().entrySet());
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
