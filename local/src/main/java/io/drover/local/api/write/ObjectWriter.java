package io.drover.local.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.admission.AdmissionResult;
import io.drover.local.api.admission.CrdAdmission;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.resource.ResourceRegistry;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;
import io.drover.local.api.store.ObjectStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Creates and changes objects as a real API server does, in front of the store: checks kind, name
 * and namespace, honours {@code generateName}, refuses stale resource versions (main resource and
 * status alike), keeps the stored status on a main-resource write and the stored spec and metadata
 * on a status write, runs admission on custom kinds, and deletes an object marked for deletion once
 * an update removes its last finalizer.
 *
 * <p>Writes are serialized by one lock shared with {@link ObjectDeleter}: each write reads the
 * stored object, decides and stores, and nothing may change the object in between.
 */
public final class ObjectWriter {

  /** Which part of an object a write addresses. */
  public enum Part {
    MAIN,
    STATUS,
    SCALE
  }

  private final ObjectStore store;
  private final ResourceRegistry registry;
  private final CustomResourceAdmission admission;
  private final ReentrantLock lock;
  private final ServerDefaults defaults;
  private final Clock clock;
  private ObjectDeleter deleter;

  public ObjectWriter(
      ObjectStore store,
      ResourceRegistry registry,
      CustomResourceAdmission admission,
      ReentrantLock lock,
      Clock clock) {
    this.store = store;
    this.registry = registry;
    this.admission = admission;
    this.lock = lock;
    this.defaults = new ServerDefaults(clock);
    this.clock = clock;
  }

  /** Deleting an object whose last finalizer an update removes goes through the deleter. */
  void deleteWith(ObjectDeleter deleter) {
    this.deleter = deleter;
  }

  /** Creates an object in {@code namespace} (ignored for cluster-scoped kinds). */
  public WriteResult create(
      ResourceType type, String namespace, ObjectNode body, WriteOptions options) {
    lock.lock();
    try {
      ObjectNode object = body.deepCopy();
      checkKind(type, object);
      ObjectNode metadata = Metadata.of(object);
      String name = name(type, metadata);
      place(type, namespace, name, metadata);
      requireServedKind(type);
      if (!metadata.path("resourceVersion").asText("").isEmpty()) {
        throw ApiException.badRequest("resourceVersion should not be set on objects to be created");
      }
      for (String serverField :
          List.of("uid", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds")) {
        metadata.remove(serverField);
      }
      if (store.get(type, namespace, name).isPresent()) {
        throw ApiException.alreadyExists(type, name);
      }
      defaults.onCreate(type, object);
      List<String> warnings;
      if (type.custom()) {
        AdmissionResult admitted = admission.admitCreate(type, object, options.validation());
        object = admitted.object();
        warnings = admitted.warnings();
        if (type.hasStatus()) {
          object.remove("status");
        }
      } else {
        warnings = BuiltInFields.admit(type, object, options.validation(), false);
      }
      CrdAdmission definition = ObjectDeleter.isCrd(type) ? admission.compile(type, object) : null;
      if (options.dryRun()) {
        return new WriteResult(201, asIfStored(object), warnings);
      }
      ObjectNode stored = store.create(type, namespace, object);
      afterWrite(type, stored, definition);
      return new WriteResult(201, stored, warnings);
    } finally {
      lock.unlock();
    }
  }

  /** The name of a new object: its own, or one made from {@code generateName}. */
  private static String name(ResourceType type, ObjectNode metadata) {
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      String prefix = metadata.path("generateName").asText("");
      if (prefix.isEmpty()) {
        throw Invalid.of(
            type,
            "",
            new Invalid.Cause(
                "FieldValueRequired",
                "metadata.name",
                "Required value: name or generateName is required"));
      }
      name = ObjectNames.generate(prefix);
      metadata.put("name", name);
    }
    ObjectNames.check(type, name);
    return name;
  }

  /** Puts a new object in the request's namespace, which must exist and not be terminating. */
  private void place(ResourceType type, String namespace, String name, ObjectNode metadata) {
    if (!type.namespaced()) {
      metadata.remove("namespace");
      return;
    }
    String own = metadata.path("namespace").asText("");
    if (!own.isEmpty() && !own.equals(namespace)) {
      throw ApiException.badRequest(
          "the namespace of the provided object does not match the namespace sent on the"
              + " request");
    }
    metadata.put("namespace", namespace);
    requireLiveNamespace(type, name, namespace);
  }

  /** A new object as a dry run answers it: with the identity the store would have given it. */
  private ObjectNode asIfStored(ObjectNode object) {
    ObjectNode metadata = Metadata.of(object);
    metadata.put("uid", UUID.randomUUID().toString());
    metadata.put(
        "creationTimestamp",
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    metadata.put("generation", 1);
    return object;
  }

  /** Replaces an object, its status or its scale (PUT). */
  public WriteResult update(
      ResourceType type,
      String namespace,
      String name,
      ObjectNode body,
      Part part,
      WriteOptions options) {
    lock.lock();
    try {
      ObjectNode current = currentOrNotFound(type, namespace, name);
      return store(type, namespace, name, current, body.deepCopy(), part, options, false);
    } finally {
      lock.unlock();
    }
  }

  /** Patches an object, its status or its scale. */
  public WriteResult patch(
      ResourceType type,
      String namespace,
      String name,
      PatchKind kind,
      JsonNode patch,
      Part part,
      WriteOptions options) {
    kind.check(type);
    lock.lock();
    try {
      ObjectNode current = currentOrNotFound(type, namespace, name);
      ObjectNode base = part == Part.SCALE ? Scales.of(type, current) : current;
      ObjectNode patched = kind.apply(type, base, patch);
      return store(type, namespace, name, current, patched, part, options, true);
    } finally {
      lock.unlock();
    }
  }

  /** The Scale view of an object (as stored) whose kind has a scale subresource. */
  public static ObjectNode scaleOf(ResourceType type, ObjectNode object) {
    return Scales.of(type, object);
  }

  /** The Scale view of an object whose kind has a scale subresource. */
  public ObjectNode scale(ResourceType type, String namespace, String name) {
    return Scales.of(type, currentOrNotFound(type, namespace, name));
  }

  /**
   * Stores {@code body} as the new state of {@code current}, through the part it addressed. Called
   * with the lock held.
   *
   * @param patch whether {@code body} is the result of a PATCH (refusals are worded for it)
   */
  private WriteResult store(
      ResourceType type,
      String namespace,
      String name,
      ObjectNode current,
      ObjectNode body,
      Part part,
      WriteOptions options,
      boolean patch) {
    ObjectNode patched = patch ? body.deepCopy() : null;
    if (part == Part.SCALE) {
      checkPrecondition(type, name, current, body);
      body = Scales.apply(type, current, body);
      part = Part.MAIN;
    }
    checkKind(type, body);
    checkIdentity(type, namespace, name, body);
    checkPrecondition(type, name, current, body);
    // A built-in kind's body is checked as sent, as a real server decodes it; a custom kind's is
    // admitted as it would be stored.
    List<String> warnings =
        type.custom() ? List.of() : BuiltInFields.admit(type, body, options.validation(), patch);
    ObjectNode updated =
        part == Part.STATUS ? statusWrite(type, current, body) : mainWrite(type, current, body);
    if (type.custom()) {
      AdmissionResult admitted =
          admission.admitUpdate(
              type, current, updated, options.validation(), part == Part.STATUS, patched);
      updated = admitted.object();
      warnings = admitted.warnings();
    }
    if (deletable(type, updated)) {
      if (!options.dryRun()) {
        deleter.remove(type, updated);
      }
      return new WriteResult(200, updated, warnings);
    }
    CrdAdmission definition = ObjectDeleter.isCrd(type) ? admission.compile(type, updated) : null;
    if (options.dryRun()) {
      return new WriteResult(200, updated, warnings);
    }
    ObjectNode stored =
        part == Part.STATUS && type.custom()
            ? store.replaceStatus(type, namespace, name, updated)
            : store.replace(type, namespace, name, updated);
    afterWrite(type, stored, definition);
    return new WriteResult(200, stored, warnings);
  }

  /**
   * An object marked for deletion goes once no finalizer holds it; a namespace also waits for the
   * finalizers in its spec, which the namespace cleaner removes once it is empty.
   */
  private static boolean deletable(ResourceType type, ObjectNode object) {
    return Metadata.markedForDeletion(object)
        && Metadata.finalizers(object).isEmpty()
        && (!ObjectDeleter.isNamespace(type) || object.path("spec").path("finalizers").isEmpty());
  }

  /** A main-resource write: the body, with the server's metadata and the stored status. */
  private ObjectNode mainWrite(ResourceType type, ObjectNode current, ObjectNode body) {
    ObjectNode updated = body;
    ObjectNode metadata = Metadata.of(updated);
    ObjectNode stored = Metadata.of(current);
    for (String serverField :
        List.of(
            "uid",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generation",
            "namespace")) {
      if (stored.has(serverField)) {
        metadata.set(serverField, stored.get(serverField).deepCopy());
      } else {
        metadata.remove(serverField);
      }
    }
    metadata.put("resourceVersion", Metadata.resourceVersion(current));
    if (type.hasStatus()) {
      if (current.has("status")) {
        updated.set("status", current.get("status").deepCopy());
      } else {
        updated.remove("status");
      }
    }
    if (Metadata.markedForDeletion(current)) {
      Set<String> added = new HashSet<>(Metadata.finalizers(updated));
      Metadata.finalizers(current).forEach(added::remove);
      if (!added.isEmpty()) {
        throw Invalid.of(
            type,
            Metadata.name(current),
            new Invalid.Cause(
                "FieldValueForbidden",
                "metadata.finalizers",
                "Forbidden: no new finalizers can be added if the object is being deleted, found"
                    + " new finalizers "
                    + new ArrayList<>(added)));
      }
    }
    if (ObjectDeleter.isCrd(type)) {
      defaults.established(updated);
    }
    return updated;
  }

  /**
   * A status write: the stored object with the body's status. Built-in kinds also take the body's
   * labels and annotations, as pods do on a real server; custom kinds take nothing but status.
   */
  private ObjectNode statusWrite(ResourceType type, ObjectNode current, ObjectNode body) {
    ObjectNode updated = current.deepCopy();
    if (body.has("status")) {
      updated.set("status", body.get("status"));
    } else {
      updated.remove("status");
    }
    if (!type.custom()) {
      ObjectNode metadata = Metadata.of(updated);
      for (String field : List.of("labels", "annotations")) {
        JsonNode value = body.path("metadata").get(field);
        if (value == null) {
          metadata.remove(field);
        } else {
          metadata.set(field, value);
        }
      }
    }
    return updated;
  }

  /** A stored CRD serves its kinds at once, admitted by the rules compiled before storing. */
  private void afterWrite(ResourceType type, ObjectNode stored, CrdAdmission definition) {
    if (definition != null) {
      registry.define(stored);
      admission.remember(stored, definition);
    }
  }

  private ObjectNode currentOrNotFound(ResourceType type, String namespace, String name) {
    return store.get(type, namespace, name).orElseThrow(() -> ApiException.notFound(type, name));
  }

  private static void checkKind(ResourceType type, ObjectNode object) {
    String apiVersion = object.path("apiVersion").asText("");
    String kind = object.path("kind").asText("");
    if (apiVersion.isEmpty()) {
      object.put("apiVersion", type.apiVersion());
    } else if (!apiVersion.equals(type.apiVersion())) {
      throw ApiException.badRequest(
          "the API version in the data ("
              + apiVersion
              + ") does not match the expected API version ("
              + type.apiVersion()
              + ")");
    }
    if (kind.isEmpty()) {
      object.put("kind", type.kind());
    } else if (!kind.equals(type.kind())) {
      throw ApiException.badRequest(
          "the kind in the data ("
              + kind
              + ") does not match the expected kind ("
              + type.kind()
              + ")");
    }
  }

  private static void checkIdentity(
      ResourceType type, String namespace, String name, ObjectNode body) {
    String own = Metadata.name(body);
    if (!own.isEmpty() && !own.equals(name)) {
      throw ApiException.badRequest(
          "the name of the object (" + own + ") does not match the name on the URL (" + name + ")");
    }
    Metadata.of(body).put("name", name);
    String ownNamespace = Metadata.namespace(body);
    if (type.namespaced() && !ownNamespace.isEmpty() && !ownNamespace.equals(namespace)) {
      throw ApiException.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
  }

  /** A write naming a resource version is a compare-and-swap: it fails if the object moved on. */
  private static void checkPrecondition(
      ResourceType type, String name, ObjectNode current, ObjectNode body) {
    String expected = Metadata.resourceVersion(body);
    if (!expected.isEmpty() && !expected.equals(Metadata.resourceVersion(current))) {
      throw ApiException.staleResourceVersion(type, name);
    }
  }

  private void requireLiveNamespace(ResourceType type, String name, String namespace) {
    ResourceType namespaces = registry.find("", "v1", "namespaces").orElseThrow();
    ObjectNode ns =
        store
            .get(namespaces, null, namespace)
            .orElseThrow(() -> ApiException.notFound(namespaces, namespace));
    if (Metadata.markedForDeletion(ns)) {
      throw ApiException.forbidden(
          type,
          name,
          "unable to create new content in namespace "
              + namespace
              + " because it is being terminated");
    }
  }

  private void requireServedKind(ResourceType type) {
    if (!type.custom()) {
      return;
    }
    registry
        .crdOf(type)
        .filter(Metadata::markedForDeletion)
        .ifPresent(
            crd -> {
              throw ApiException.methodNotAllowed(
                  "create not allowed while custom resource definition is terminating");
            });
  }
}
