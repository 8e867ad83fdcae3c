package io.drover.local.api.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Json;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.function.Consumer;

/**
 * Taps the store's own event fan-out: one watch over everything, opened on the store as a client
 * would, whose "socket" hands each event to the local API instead of a network peer. The store
 * sends events from one thread per watch, so they arrive in the order the store made them.
 */
final class StoreEventFeed implements WebSocket {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(StoreEventFeed.class);

  private final Consumer<StoreEvent> listener;
  private WebSocketListener storeWatch;

  private StoreEventFeed(Consumer<StoreEvent> listener) {
    this.listener = listener;
  }

  /** Opens a watch on every object of the store. */
  static StoreEventFeed attach(KubernetesCrudDispatcher dispatcher, Consumer<StoreEvent> listener) {
    StoreEventFeed feed = new StoreEventFeed(listener);
    // A path the store's path parser does not recognise selects every object.
    MockResponse response = dispatcher.handleWatch("/");
    feed.storeWatch = response.getWebSocketListener();
    feed.storeWatch.onOpen(feed, response);
    return feed;
  }

  @Override
  public boolean send(String text) {
    try {
      JsonNode event = Json.parse(text);
      listener.accept(
          new StoreEvent(event.path("type").asText(), (ObjectNode) event.get("object")));
    } catch (RuntimeException e) {
      // The store's event thread would swallow it: say so, and go on with the next event.
      LOG.error("could not handle a store event; watches may have missed it: {}", text, e);
    }
    return true;
  }

  @Override
  public boolean send(byte[] bytes) {
    return send(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public RecordedRequest request() {
    return null;
  }

  @Override
  public boolean close(int code, String reason) {
    return true;
  }

  /** Stops the store's watch and its event thread. */
  void close() {
    storeWatch.onClosed(this, 1000, "local API stopped");
  }
}
