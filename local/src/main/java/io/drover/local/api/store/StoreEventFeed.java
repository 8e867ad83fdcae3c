package io.drover.local.api.store;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hands the store's changes to the local API on one thread of its own, in the order the store made
 * them. Writers only queue: what the listener does (fan out to watches, collect garbage, which
 * writes again) never runs under the store's lock or the writer's.
 */
final class StoreEventFeed implements AutoCloseable {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(StoreEventFeed.class);

  private final Consumer<StoreEvent> listener;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread t = new Thread(runnable, "local-api-store-events");
            t.setDaemon(true);
            return t;
          });

  StoreEventFeed(Consumer<StoreEvent> listener) {
    this.listener = listener;
  }

  /** Queues one change; called with the store's write lock held, so the queue is in order. */
  void publish(StoreEvent event) {
    thread.execute(
        () -> {
          try {
            listener.accept(event);
          } catch (RuntimeException e) {
            LOG.error(
                "could not handle a store event; watches may have missed it: {} {}",
                event.type(),
                event.object(),
                e);
          }
        });
  }

  /** Delivers what is queued, then stops. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("store events still queued after 10 s; dropping them");
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
