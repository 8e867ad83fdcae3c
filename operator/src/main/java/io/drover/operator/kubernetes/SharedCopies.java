package io.drover.operator.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.ref.WeakReference;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One in-memory copy of each version of an object, however many informers cache it. Each informer
 * deserializes what it lists and watches into objects of its own; at 10,000 ModelVersions cached by
 * three controllers that is three copies of the registry. Handed the object an informer just read,
 * {@link #share} answers the copy another informer already holds when its resource version is the
 * same (the same version of an object has the same content), so the new one can be dropped.
 *
 * <p>The copies are held weakly: an object no informer holds any more is collected, and an operator
 * stopped and started again in one process (the tests) never gets a stopped one's objects unless
 * they are still alive and of the same version.
 *
 * <p>Cached objects are shared already (JOSDK hands secondary resources out of its caches, and
 * clones only the primary it reconciles), so sharing them across informers asks nothing new of the
 * code that reads them: never change a cached object.
 */
public final class SharedCopies<R extends HasMetadata> {

  private final ConcurrentHashMap<String, WeakReference<R>> latest = new ConcurrentHashMap<>();

  /** The copy to keep for {@code object} under {@code key}: one held already, or itself. */
  public R share(String key, R object) {
    String version = object.getMetadata().getResourceVersion();
    if (version == null) {
      return object;
    }
    WeakReference<R> kept =
        latest.compute(
            key,
            (k, known) -> {
              R held = known == null ? null : known.get();
              if (held != null
                  && version.equals(held.getMetadata().getResourceVersion())
                  && Objects.equals(held.getMetadata().getUid(), object.getMetadata().getUid())) {
                return known;
              }
              return new WeakReference<>(object);
            });
    R held = kept.get();
    return held == null ? object : held;
  }

  /** An informer dropped {@code object}: forget it, unless a newer copy took its place. */
  public void forget(String key, R object) {
    latest.computeIfPresent(
        key,
        (k, known) -> {
          R held = known.get();
          return held == null || held == object ? null : known;
        });
  }

  /** How many objects are known (for tests and measurements). */
  public int size() {
    return latest.size();
  }
}
