package io.drover.local.api.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.status.ApiException;
import io.drover.local.api.status.StatusObjects;
import io.drover.local.api.store.StoreEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The local API's watch cache, fed by the store's event fan-out. It numbers each change, keeps a
 * bounded history so that a watch from a resource version gets exactly the changes after it (the
 * store alone would replay everything as ADDED), turns changes that move an object in or out of a
 * watch's selectors into ADDED and DELETED as a real API server does, and answers a watch from a
 * resource version older than its history with 410 Gone so informers relist.
 */
public final class WatchHub implements Consumer<StoreEvent> {

  /** A deletion the writer announced before asking the store, to number its DELETED event. */
  private record PendingDeletion(long resourceVersion, ObjectNode lastState) {}

  /** One open watch. */
  public final class Subscription implements AutoCloseable {
    private final WatchFilter filter;
    private final long fromResourceVersion;
    private final WatchSink sink;

    private Subscription(WatchFilter filter, long fromResourceVersion, WatchSink sink) {
      this.filter = filter;
      this.fromResourceVersion = fromResourceVersion;
      this.sink = sink;
    }

    /** Sends the change if this watch sees it; false once the client is gone. */
    private boolean deliver(Change change) {
      if (change.resourceVersion() <= fromResourceVersion) {
        return true;
      }
      boolean now = !"DELETED".equals(change.type()) && filter.matches(change.object());
      boolean before =
          "DELETED".equals(change.type())
              ? filter.matches(change.object())
              : filter.matches(change.previous());
      if (now && before) {
        return sink.send("MODIFIED", change.object());
      } else if (now) {
        return sink.send("ADDED", change.object());
      } else if (before) {
        return sink.send("DELETED", change.object());
      }
      return true;
    }

    /**
     * Sends a BOOKMARK with the last resource version numbered: every change up to it that this
     * watch sees has been sent, since changes are delivered under the hub's lock as they are
     * numbered. False once the client is gone.
     *
     * @param object the watched kind's marker object; a copy gets the resource version
     */
    public boolean bookmark(ObjectNode object) {
      synchronized (WatchHub.this) {
        ObjectNode marker = object.deepCopy();
        Metadata.of(marker)
            .put(
                "resourceVersion",
                String.valueOf(Math.max(fromResourceVersion, lastResourceVersion)));
        return sink.send("BOOKMARK", marker);
      }
    }

    @Override
    public void close() {
      subscriptions.remove(this);
    }
  }

  private final int capacity;
  private final ArrayDeque<Change> history = new ArrayDeque<>();
  private final Map<String, ObjectNode> latest = new HashMap<>();
  private final Map<String, PendingDeletion> pendingDeletions = new ConcurrentHashMap<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final List<Consumer<Change>> observers = new CopyOnWriteArrayList<>();
  private long floor;
  private long lastResourceVersion;

  /**
   * @param capacity how many changes the history keeps
   */
  public WatchHub(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Changes up to {@code resourceVersion} happened before this run (restored from disk): they are
   * not history, and a watch may start from it.
   */
  public synchronized void startAt(long resourceVersion) {
    floor = resourceVersion;
    lastResourceVersion = Math.max(lastResourceVersion, resourceVersion);
  }

  /** Announces that the object with this uid is about to be deleted at this resource version. */
  public void expectDeletion(String uid, long resourceVersion, ObjectNode lastState) {
    pendingDeletions.put(uid, new PendingDeletion(resourceVersion, lastState));
  }

  /** Registers an in-process observer of every change (garbage collection, persistence). */
  public void observe(Consumer<Change> observer) {
    observers.add(observer);
  }

  /**
   * Opens a watch that gets every change after {@code fromResourceVersion} its filter sees.
   *
   * @throws ApiException 410 when that resource version is older than the history
   */
  public synchronized Subscription watch(
      WatchFilter filter, long fromResourceVersion, WatchSink sink) {
    if (fromResourceVersion < floor) {
      throw ApiException.gone(
          "too old resource version: " + fromResourceVersion + " (" + floor + ")");
    }
    Subscription subscription = new Subscription(filter, fromResourceVersion, sink);
    for (Change change : history) {
      if (!subscription.deliver(change)) {
        sink.end();
        return subscription;
      }
    }
    subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Whether the object with this uid is stored, as of the last change this hub has numbered (an
   * observer asking about its own change sees that change).
   */
  public synchronized boolean holds(String uid) {
    return latest.containsKey(uid);
  }

  /** The resource version of the last change this hub has seen. */
  public synchronized long lastResourceVersion() {
    return lastResourceVersion;
  }

  /** An ERROR event a watch stream ends with, as a real API server sends it. */
  public static ObjectNode errorEvent(ApiException error) {
    return StatusObjects.failure(error.code(), error.reason(), error.getMessage(), null);
  }

  @Override
  public void accept(StoreEvent event) {
    Change change = number(event);
    if (change == null) {
      return;
    }
    synchronized (this) {
      lastResourceVersion = Math.max(lastResourceVersion, change.resourceVersion());
      if (change.resourceVersion() > floor) {
        history.addLast(change);
        while (history.size() > capacity) {
          floor = Math.max(floor, history.removeFirst().resourceVersion());
        }
      }
      List<Subscription> gone = new ArrayList<>();
      for (Subscription subscription : subscriptions) {
        if (!subscription.deliver(change)) {
          gone.add(subscription);
        }
      }
      subscriptions.removeAll(gone);
      gone.forEach(s -> s.sink.end());
    }
    for (Consumer<Change> observer : observers) {
      observer.accept(change);
    }
  }

  private synchronized Change number(StoreEvent event) {
    ObjectNode object = event.object();
    String uid = Metadata.uid(object);
    ObjectNode previous = latest.get(uid);
    switch (event.type()) {
      case "DELETED" -> {
        latest.remove(uid);
        PendingDeletion deletion = pendingDeletions.remove(uid);
        long version = lastResourceVersion + 1;
        if (deletion != null) {
          version = deletion.resourceVersion();
          if (deletion.lastState() != null) {
            object = deletion.lastState().deepCopy();
          }
        }
        Metadata.of(object).put("resourceVersion", String.valueOf(version));
        return new Change(version, "DELETED", object, previous);
      }
      case "ADDED", "MODIFIED" -> {
        latest.put(uid, object);
        return new Change(
            Metadata.resourceVersionNumber(object),
            previous == null ? "ADDED" : "MODIFIED",
            object,
            previous);
      }
      default -> {
        return null;
      }
    }
  }
}
