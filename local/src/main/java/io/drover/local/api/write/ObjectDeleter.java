package io.drover.local.api.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.resource.ResourceRegistry;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;
import io.drover.local.api.store.ObjectStore;
import io.drover.local.api.watch.WatchHub;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Deletes objects as a real API server does. An object without finalizers goes at once (the garbage
 * collector then deletes what it owned, unless the deletion orphaned it); one with finalizers is
 * marked ({@code deletionTimestamp}) and stays until an update removes the last one. Foreground and
 * Orphan propagation add the {@code foregroundDeletion} and {@code orphan} finalizers the garbage
 * collector acts on; a namespace and a CRD are marked and emptied first.
 */
public final class ObjectDeleter {

  /** The finalizer of an owner waiting for what it owns to go first. */
  public static final String FOREGROUND = "foregroundDeletion";

  /** The finalizer of an owner whose dependents must lose their owner reference. */
  public static final String ORPHAN = "orphan";

  /** The finalizer of a CRD whose custom objects must go first. */
  public static final String CRD_CLEANUP = "customresourcecleanup.apiextensions.k8s.io";

  private final ObjectStore store;
  private final WatchHub hub;
  private final ResourceRegistry registry;
  private final ReentrantLock lock;
  private final Clock clock;

  public ObjectDeleter(
      ObjectStore store,
      WatchHub hub,
      ResourceRegistry registry,
      ReentrantLock lock,
      Clock clock,
      ObjectWriter writer) {
    this.store = store;
    this.hub = hub;
    this.registry = registry;
    this.lock = lock;
    this.clock = clock;
    writer.deleteWith(this);
  }

  /** Deletes (or marks for deletion) one object. */
  public WriteResult delete(
      ResourceType type, String namespace, String name, DeleteOptions options) {
    lock.lock();
    try {
      ObjectNode current =
          store.get(type, namespace, name).orElseThrow(() -> ApiException.notFound(type, name));
      checkPreconditions(type, name, current, options);
      if (Metadata.markedForDeletion(current)) {
        return new WriteResult(202, current, List.of());
      }
      List<String> finalizers = new ArrayList<>(Metadata.finalizers(current));
      switch (options.propagation()) {
        case FOREGROUND -> addOnce(finalizers, FOREGROUND);
        case ORPHAN -> addOnce(finalizers, ORPHAN);
        case BACKGROUND -> {}
      }
      if (isCrd(type)) {
        addOnce(finalizers, CRD_CLEANUP);
      }
      boolean namespace_ = isNamespace(type);
      if (finalizers.isEmpty() && !namespace_) {
        if (!options.dryRun()) {
          remove(type, current);
        }
        return new WriteResult(200, current, List.of());
      }
      ObjectNode marked = current.deepCopy();
      Metadata.of(marked)
          .put("deletionTimestamp", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString())
          .put("deletionGracePeriodSeconds", 0);
      Metadata.setFinalizers(marked, finalizers);
      if (namespace_) {
        marked.with("status").put("phase", "Terminating");
      }
      if (options.dryRun()) {
        return new WriteResult(202, marked, List.of());
      }
      ObjectNode stored = store.replace(type, namespace, name, marked);
      return new WriteResult(namespace_ ? 200 : 202, stored, List.of());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes an object from the store for good, numbering its DELETED event after every change
   * before it. {@code lastState} is the object as the event reports it.
   */
  void remove(ResourceType type, ObjectNode lastState) {
    lock.lock();
    try {
      String name = Metadata.name(lastState);
      String uid = Metadata.uid(lastState);
      store.remove(
          type,
          Metadata.namespace(lastState),
          name,
          lastState,
          version -> hub.expectDeletion(uid, version, lastState));
      if (isCrd(type)) {
        registry.remove(name);
      }
    } finally {
      lock.unlock();
    }
  }

  private static void checkPreconditions(
      ResourceType type, String name, ObjectNode current, DeleteOptions options) {
    if (options.uid() != null && !options.uid().equals(Metadata.uid(current))) {
      throw ApiException.conflict(
          type,
          name,
          "Precondition failed: UID in precondition: "
              + options.uid()
              + ", UID in object meta: "
              + Metadata.uid(current));
    }
    if (options.resourceVersion() != null
        && !options.resourceVersion().equals(Metadata.resourceVersion(current))) {
      throw ApiException.conflict(
          type,
          name,
          "Precondition failed: ResourceVersion in precondition: "
              + options.resourceVersion()
              + ", ResourceVersion in object meta: "
              + Metadata.resourceVersion(current));
    }
  }

  private static void addOnce(List<String> finalizers, String finalizer) {
    if (!finalizers.contains(finalizer)) {
      finalizers.add(finalizer);
    }
  }

  static boolean isNamespace(ResourceType type) {
    return type.group().isEmpty() && type.plural().equals("namespaces");
  }

  static boolean isCrd(ResourceType type) {
    return type.group().equals("apiextensions.k8s.io")
        && type.plural().equals("customresourcedefinitions");
  }
}
