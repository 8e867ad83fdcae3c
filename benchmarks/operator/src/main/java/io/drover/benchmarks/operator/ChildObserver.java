package io.drover.benchmarks.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Informs on the Jobs and Deployments of the benchmark namespace from now on and remembers, per
 * owner ({@code Kind/name}, or the object itself when it has none), when its first such child
 * arrived; and, per child, how often it was ADDED and DELETED — a second ADDED of one name means it
 * was created twice.
 */
final class ChildObserver implements AutoCloseable {

  private final Map<String, Long> firstChild = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> added = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> deleted = new ConcurrentHashMap<>();
  private final AtomicLong lastEvent = new AtomicLong(System.nanoTime());
  private final List<SharedIndexInformer<?>> informers;

  ChildObserver(KubernetesClient client, String namespace) {
    // Informers, not plain watches: the local API keeps one event history for all kinds, so a
    // watch of a quiet kind that reconnects can be answered 410 Gone; an informer then relists
    // (a child first seen in a relist counts from then: later than it came, never earlier).
    informers =
        List.of(
            client.batch().v1().jobs().inNamespace(namespace).inform(new Recorder<>()),
            client.apps().deployments().inNamespace(namespace).inform(new Recorder<>()));
  }

  /** When ({@link System#nanoTime()}) the first child of {@code owner} arrived, if it did. */
  Long firstChildOf(String owner) {
    return firstChild.get(owner);
  }

  /** Children ADDED more than once, by {@code Kind/name}. */
  Map<String, Integer> addedTwice() {
    Map<String, Integer> twice = new java.util.TreeMap<>();
    added.forEach(
        (name, count) -> {
          if (count.get() > 1) {
            twice.put(name, count.get());
          }
        });
    return twice;
  }

  int addedCount() {
    return added.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  int deletedCount() {
    return deleted.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  long lastEventNanos() {
    return lastEvent.get();
  }

  static String key(String kind, String name) {
    return kind + "/" + name;
  }

  private final class Recorder<T extends HasMetadata> implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T object) {
      long now = System.nanoTime();
      lastEvent.set(now);
      String self = key(object.getKind(), object.getMetadata().getName());
      added.computeIfAbsent(self, k -> new AtomicInteger()).incrementAndGet();
      List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
      String owner =
          owners == null || owners.isEmpty()
              ? self
              : key(owners.get(0).getKind(), owners.get(0).getName());
      firstChild.putIfAbsent(owner, now);
    }

    @Override
    public void onUpdate(T before, T after) {
      lastEvent.set(System.nanoTime());
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
      lastEvent.set(System.nanoTime());
      deleted
          .computeIfAbsent(
              key(object.getKind(), object.getMetadata().getName()), k -> new AtomicInteger())
          .incrementAndGet();
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
