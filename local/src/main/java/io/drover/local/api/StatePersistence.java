package io.drover.local.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.resource.ResourceRegistry;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.store.ObjectStore;
import io.drover.local.api.store.StateFile;
import io.drover.local.api.watch.Change;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code <home>/state/} up to date: a save shortly after each change (changes in between
 * coalesce into one save), and a last one on close. The snapshot is taken under the write lock, so
 * it is one instant of the store; the file is written outside it.
 */
final class StatePersistence implements Consumer<Change>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatePersistence.class);

  private final ObjectStore store;
  private final ResourceRegistry registry;
  private final ReentrantLock writeLock;
  private final StateFile file;
  private final Duration delay;
  private final ScheduledExecutorService saver =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "local-api-state");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicLong saves = new AtomicLong();
  private final AtomicLong saveNanos = new AtomicLong();

  StatePersistence(
      ObjectStore store,
      ResourceRegistry registry,
      ReentrantLock writeLock,
      StateFile file,
      Duration delay) {
    this.store = store;
    this.registry = registry;
    this.writeLock = writeLock;
    this.file = file;
    this.delay = delay;
  }

  /** Restores a saved state into an empty store: CRDs first, so their kinds are known. */
  void restore() {
    StateFile.State state = file.load();
    List<ObjectNode> objects = new ArrayList<>(state.objects());
    objects.sort(Comparator.comparingInt(StatePersistence::restoreOrder));
    long highest = state.resourceVersion();
    for (ObjectNode object : objects) {
      String apiVersion = object.path("apiVersion").asText();
      String kind = object.path("kind").asText();
      ResourceType type = registry.findKind(apiVersion, kind).orElse(null);
      if (type == null) {
        LOG.warn(
            "not restoring {} {}/{}: its kind is no longer served",
            kind,
            Metadata.namespace(object),
            Metadata.name(object));
        continue;
      }
      store.restore(type, object);
      if (kind.equals("CustomResourceDefinition")) {
        registry.define(object);
      }
      highest = Math.max(highest, Metadata.resourceVersionNumber(object));
    }
    store.advanceResourceVersionTo(highest);
  }

  @Override
  public void accept(Change change) {
    if (pending.compareAndSet(false, true)) {
      saver.schedule(this::saveNow, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Saves now (on the saver thread), whether or not anything changed. */
  void saveNow() {
    pending.set(false);
    long started = System.nanoTime();
    try {
      file.save(snapshot());
      saves.incrementAndGet();
      saveNanos.addAndGet(System.nanoTime() - started);
    } catch (RuntimeException e) {
      LOG.error("could not save the local API state to {}", file.path(), e);
    }
  }

  /** How many saves ran and their mean duration, for measurements. */
  String statistics() {
    long count = saves.get();
    return count + " saves, mean " + (count == 0 ? 0 : saveNanos.get() / count / 1000) + " µs";
  }

  @Override
  public void close() {
    saver.shutdown();
    try {
      saver.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    saveNow();
    LOG.info("local API state saved to {}: {}", file.path(), statistics());
  }

  private StateFile.State snapshot() {
    writeLock.lock();
    try {
      List<ObjectNode> objects = new ArrayList<>();
      for (ResourceType type : registry.all()) {
        objects.addAll(store.list(type, null).items());
      }
      return new StateFile.State(store.resourceVersion(), objects);
    } finally {
      writeLock.unlock();
    }
  }

  private static int restoreOrder(ObjectNode object) {
    return switch (object.path("kind").asText()) {
      case "CustomResourceDefinition" -> 0;
      case "Namespace" -> 1;
      default -> 2;
    };
  }
}
