package io.drover.local.api.gc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.resource.ResourceRegistry;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;
import io.drover.local.api.store.ObjectStore;
import io.drover.local.api.watch.Change;
import io.drover.local.api.watch.WatchHub;
import io.drover.local.api.write.DeleteOptions;
import io.drover.local.api.write.ObjectDeleter;
import io.drover.local.api.write.ObjectWriter;
import io.drover.local.api.write.WriteOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector and the namespace and CRD cleaners of a real control plane, in one
 * background worker. After every deletion, after a write of an object whose owners are all gone,
 * and on start, it looks at all objects and:
 *
 * <ul>
 *   <li>deletes objects all of whose owners are gone (background propagation, recursively: a
 *       Deployment's ReplicaSets go, then their Pods);
 *   <li>for an owner deleted in the foreground, deletes its dependents (in the foreground too) and,
 *       once none is left, removes its {@code foregroundDeletion} finalizer;
 *   <li>for an owner deleted with Orphan propagation, removes the owner reference from its
 *       dependents, then its {@code orphan} finalizer;
 *   <li>empties a terminating namespace, then removes it;
 *   <li>deletes the custom objects of a deleted CRD, then the CRD.
 * </ul>
 *
 * Each action is an ordinary write; the deletions it causes bring the next pass.
 */
public final class GarbageCollector implements Consumer<Change>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

  /** One stored object with its kind. */
  private record Entry(ResourceType type, ObjectNode object) {
    String uid() {
      return Metadata.uid(object);
    }

    String namespace() {
      return Metadata.namespace(object);
    }

    String name() {
      return Metadata.name(object);
    }
  }

  private final ObjectStore store;
  private final WatchHub hub;
  private final ResourceRegistry registry;
  private final ObjectWriter writer;
  private final ObjectDeleter deleter;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "local-api-gc");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicBoolean scheduled = new AtomicBoolean();

  public GarbageCollector(
      ObjectStore store,
      WatchHub hub,
      ResourceRegistry registry,
      ObjectWriter writer,
      ObjectDeleter deleter) {
    this.store = store;
    this.hub = hub;
    this.registry = registry;
    this.writer = writer;
    this.deleter = deleter;
  }

  /**
   * A deletion, an object marked for deletion, or an object written with owners that are all gone
   * brings a pass. The last is a dependent created after its owner's deletion (a controller acting
   * on a stale cache): a real garbage collector deletes it, so this one does too.
   */
  @Override
  public void accept(Change change) {
    ObjectNode object = change.object();
    List<String> owners = Metadata.ownerUids(object);
    if ("DELETED".equals(change.type())
        || Metadata.markedForDeletion(object)
        || (!owners.isEmpty() && owners.stream().noneMatch(hub::holds))) {
      schedule();
    }
  }

  /** Runs a pass soon; passes asked for while one is pending coalesce. */
  public void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      worker.execute(this::pass);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pass() {
    scheduled.set(false);
    try {
      List<Entry> all = snapshot();
      Set<String> uids = new HashSet<>();
      Map<String, List<Entry>> dependents = new HashMap<>();
      for (Entry entry : all) {
        uids.add(entry.uid());
        for (String owner : Metadata.ownerUids(entry.object())) {
          dependents.computeIfAbsent(owner, k -> new ArrayList<>()).add(entry);
        }
      }
      for (Entry entry : all) {
        List<String> owners = Metadata.ownerUids(entry.object());
        if (!owners.isEmpty()
            && !Metadata.markedForDeletion(entry.object())
            && owners.stream().noneMatch(uids::contains)) {
          delete(entry, DeleteOptions.Propagation.BACKGROUND);
        }
        if (!Metadata.markedForDeletion(entry.object())) {
          continue;
        }
        List<String> finalizers = Metadata.finalizers(entry.object());
        List<Entry> owned = dependents.getOrDefault(entry.uid(), List.of());
        if (finalizers.contains(ObjectDeleter.FOREGROUND)) {
          foreground(entry, owned);
        } else if (finalizers.contains(ObjectDeleter.ORPHAN)) {
          orphan(entry, owned);
        }
        if (entry.type().group().isEmpty() && entry.type().plural().equals("namespaces")) {
          emptyNamespace(entry, all);
        } else if (finalizers.contains(ObjectDeleter.CRD_CLEANUP)) {
          emptyCrd(entry, all);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("garbage collection pass failed; the next change retries it", e);
    }
  }

  private void foreground(Entry owner, List<Entry> owned) {
    if (owned.isEmpty()) {
      removeFinalizer(owner, ObjectDeleter.FOREGROUND);
      return;
    }
    for (Entry dependent : owned) {
      if (!Metadata.markedForDeletion(dependent.object())) {
        delete(dependent, DeleteOptions.Propagation.FOREGROUND);
      }
    }
  }

  private void orphan(Entry owner, List<Entry> owned) {
    for (Entry dependent : owned) {
      ObjectNode updated = dependent.object().deepCopy();
      ArrayNode references = (ArrayNode) updated.with("metadata").withArray("ownerReferences");
      for (int i = references.size() - 1; i >= 0; i--) {
        if (owner.uid().equals(references.get(i).path("uid").asText())) {
          references.remove(i);
        }
      }
      if (references.isEmpty()) {
        updated.with("metadata").remove("ownerReferences");
      }
      update(dependent, updated);
    }
    removeFinalizer(owner, ObjectDeleter.ORPHAN);
  }

  private void emptyNamespace(Entry namespace, List<Entry> all) {
    boolean empty = true;
    for (Entry entry : all) {
      if (entry.type().namespaced() && entry.namespace().equals(namespace.name())) {
        empty = false;
        if (!Metadata.markedForDeletion(entry.object())) {
          delete(entry, DeleteOptions.Propagation.BACKGROUND);
        }
      }
    }
    if (empty) {
      ObjectNode updated = namespace.object().deepCopy();
      updated.with("spec").remove("finalizers");
      update(namespace, updated);
    }
  }

  private void emptyCrd(Entry crd, List<Entry> all) {
    boolean empty = true;
    for (Entry entry : all) {
      if (entry.type().custom() && crd.name().equals(entry.type().qualifiedPlural())) {
        empty = false;
        if (!Metadata.markedForDeletion(entry.object())) {
          delete(entry, DeleteOptions.Propagation.BACKGROUND);
        }
      }
    }
    if (empty) {
      removeFinalizer(crd, ObjectDeleter.CRD_CLEANUP);
    }
  }

  private void removeFinalizer(Entry entry, String finalizer) {
    ObjectNode updated = entry.object().deepCopy();
    List<String> finalizers = new ArrayList<>(Metadata.finalizers(updated));
    finalizers.remove(finalizer);
    Metadata.setFinalizers(updated, finalizers);
    update(entry, updated);
  }

  /** A compare-and-swap update: if the object moved on, the change it made brings a new pass. */
  private void update(Entry entry, ObjectNode updated) {
    try {
      writer.update(
          entry.type(),
          entry.namespace(),
          entry.name(),
          updated,
          ObjectWriter.Part.MAIN,
          WriteOptions.defaults());
    } catch (ApiException e) {
      LOG.debug("garbage collector could not update {}: {}", entry.name(), e.getMessage());
    }
  }

  private void delete(Entry entry, DeleteOptions.Propagation propagation) {
    try {
      deleter.delete(
          entry.type(),
          entry.namespace(),
          entry.name(),
          new DeleteOptions(propagation, entry.uid(), null, false));
    } catch (ApiException e) {
      LOG.debug("garbage collector could not delete {}: {}", entry.name(), e.getMessage());
    }
  }

  /** Every stored object; the store keys objects by version, so each version lists its own. */
  private List<Entry> snapshot() {
    List<Entry> all = new ArrayList<>();
    for (ResourceType type : registry.all()) {
      for (ObjectNode object : store.list(type, null).items()) {
        all.add(new Entry(type, object));
      }
    }
    return all;
  }
}
