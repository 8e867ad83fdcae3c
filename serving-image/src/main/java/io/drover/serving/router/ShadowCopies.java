package io.drover.serving.router;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shadow copies in flight, by the request id the client was answered under. Copies leave only
 * once the client has its answer, so a client that sends feedback at once can overtake the copy;
 * feedback for a shadow waits here for that id's copy to be answered, so the shadow always holds
 * the prediction it is asked to score. Bounded by {@link ShadowSlots}: an id is held only while its
 * copy holds a slot.
 */
final class ShadowCopies {

  private final Map<String, Future<?>> inFlight = new ConcurrentHashMap<>();

  /** Holds {@code id} until {@code answered} completes, whatever its outcome. */
  void track(String id, Future<?> answered) {
    inFlight.put(id, answered);
    answered.onComplete(done -> inFlight.remove(id, answered));
  }

  /** Completes once no copy of {@code id} is in flight; at once when none is. */
  Future<Void> settled(String id) {
    Future<?> copy = id == null ? null : inFlight.get(id);
    return copy == null
        ? Future.succeededFuture()
        : copy.transform(done -> Future.succeededFuture());
  }
}
