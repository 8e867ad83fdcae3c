package io.drover.operator.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An informer's item store whose objects are the {@link SharedCopies} every other store of the same
 * copies holds: the store of one informer, keyed {@code namespace/name} as Fabric8's own.
 */
public class SharedItemStore<R extends HasMetadata> implements ItemStore<R> {

  private final ConcurrentHashMap<String, R> items = new ConcurrentHashMap<>();
  private final SharedCopies<R> copies;

  public SharedItemStore(SharedCopies<R> copies) {
    this.copies = copies;
  }

  @Override
  public String getKey(R object) {
    return Cache.metaNamespaceKeyFunc(object);
  }

  @Override
  public R put(String key, R object) {
    R kept = copies.share(key, object);
    R previous = items.put(key, kept);
    if (previous != null && previous != kept) {
      copies.forget(key, previous);
    }
    return previous;
  }

  @Override
  public R remove(String key) {
    R removed = items.remove(key);
    if (removed != null) {
      copies.forget(key, removed);
    }
    return removed;
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<R> values() {
    return items.values().stream();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public R get(String key) {
    return items.get(key);
  }
}
