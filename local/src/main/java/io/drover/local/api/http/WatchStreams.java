package io.drover.local.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.object.Json;
import io.drover.local.api.object.Metadata;
import io.drover.local.api.print.TableConverter;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;
import io.drover.local.api.store.ObjectStore;
import io.drover.local.api.store.StoredList;
import io.drover.local.api.watch.WatchFilter;
import io.drover.local.api.watch.WatchHub;
import io.drover.local.api.watch.WatchSink;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Serves watches over both transports clients use: an HTTP response streamed in chunks, one JSON
 * event per line (kubectl {@code get -w} and {@code wait}), and a websocket, one event per text
 * message (Fabric8 informers). Both are fed by the {@link WatchHub}. A watch without a resource
 * version (or with 0) first gets the current objects as ADDED; one with a resource version gets
 * only what changed after it, or a 410 ERROR event when that version is older than the history.
 * {@code timeoutSeconds} ends the watch, as on a real server. A watch with {@code
 * allowWatchBookmarks=true} gets a BOOKMARK every {@code bookmarkEvery}: the resource version up to
 * which it has seen every change, so that a client resuming from it after the timeout is not older
 * than the history (and made to relist) when its kind was quiet.
 */
final class WatchStreams {

  /** How long a watch without {@code timeoutSeconds} stays open, as a real server's default. */
  private static final long DEFAULT_TIMEOUT_SECONDS = 1800;

  private final Vertx vertx;
  private final ObjectStore store;
  private final WatchHub hub;
  private final TableConverter tables;
  private final Duration bookmarkEvery;

  WatchStreams(
      Vertx vertx, ObjectStore store, WatchHub hub, TableConverter tables, Duration bookmarkEvery) {
    this.vertx = vertx;
    this.store = store;
    this.hub = hub;
    this.tables = tables;
    this.bookmarkEvery = bookmarkEvery;
  }

  void start(Exchange exchange, ResourceType type, WatchFilter filter) {
    String version = exchange.param("resourceVersion");
    long timeout = timeoutSeconds(exchange.param("timeoutSeconds"));
    boolean fromNow = version == null || version.isEmpty() || version.equals("0");
    long from;
    List<ObjectNode> initial = new ArrayList<>();
    if (fromNow) {
      StoredList list = store.list(type, filter.namespace());
      from = list.resourceVersion();
      for (ObjectNode object : list.items()) {
        if (filter.matches(object)) {
          initial.add(object);
        }
      }
      initial.sort(
          Comparator.comparing((ObjectNode o) -> Metadata.namespace(o))
              .thenComparing(Metadata::name));
    } else {
      try {
        from = Long.parseLong(version);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("resourceVersion must be a number, not \"" + version + "\"");
      }
    }
    EventFormat format =
        new EventFormat(
            type,
            exchange.wantsTable() ? tables : null,
            TableConverter.IncludeObject.of(exchange.param("includeObject")));
    ObjectNode bookmark =
        "true".equals(exchange.param("allowWatchBookmarks")) ? bookmarkOf(type) : null;
    boolean websocket = "websocket".equalsIgnoreCase(exchange.header("Upgrade"));
    Context context = vertx.getOrCreateContext();
    if (websocket) {
      exchange
          .request()
          .toWebSocket()
          .onSuccess(
              socket ->
                  open(
                      new SocketSink(socket, context, format),
                      initial,
                      filter,
                      from,
                      timeout,
                      bookmark))
          .onFailure(
              e ->
                  exchange.error(
                      ApiException.badRequest("websocket upgrade failed: " + e.getMessage())));
    } else {
      HttpServerResponse response = exchange.request().response();
      response.setStatusCode(200);
      response.setChunked(true);
      response.putHeader("Content-Type", "application/json");
      response.putHeader("Cache-Control", "no-cache, private");
      // Headers go out at once, as a real API server sends them: a client's watch call returns
      // only then, and one that waits for an object to go (kubectl delete --wait) cannot stop
      // before it has returned.
      response.writeHead();
      open(new ChunkedSink(response, context, format), initial, filter, from, timeout, bookmark);
    }
  }

  /**
   * @param bookmark the object of this watch's BOOKMARK events (its kind, no resource version yet),
   *     or null when the client did not allow them
   */
  private void open(
      StreamSink sink,
      List<ObjectNode> initial,
      WatchFilter filter,
      long from,
      long timeout,
      ObjectNode bookmark) {
    for (ObjectNode object : initial) {
      sink.send("ADDED", object);
    }
    AtomicReference<WatchHub.Subscription> subscription = new AtomicReference<>();
    try {
      subscription.set(hub.watch(filter, from, sink));
    } catch (ApiException e) {
      sink.send("ERROR", WatchHub.errorEvent(e));
      sink.end();
      return;
    }
    long timer = vertx.setTimer(timeout * 1000, id -> sink.end());
    long bookmarks =
        bookmark == null
            ? -1
            : vertx.setPeriodic(
                bookmarkEvery.toMillis(), id -> subscription.get().bookmark(bookmark));
    sink.onClose(
        () -> {
          vertx.cancelTimer(timer);
          if (bookmarks != -1) {
            vertx.cancelTimer(bookmarks);
          }
          WatchHub.Subscription open = subscription.get();
          if (open != null) {
            open.close();
          }
        });
  }

  /** A BOOKMARK's object: the watched kind and, once sent, a resource version, nothing else. */
  private static ObjectNode bookmarkOf(ResourceType type) {
    ObjectNode object = Json.MAPPER.createObjectNode();
    object.put("kind", type.kind());
    object.put("apiVersion", type.apiVersion());
    object.putObject("metadata");
    return object;
  }

  private static long timeoutSeconds(String parameter) {
    if (parameter == null || parameter.isEmpty()) {
      return DEFAULT_TIMEOUT_SECONDS;
    }
    try {
      long seconds = Long.parseLong(parameter);
      return seconds <= 0 ? DEFAULT_TIMEOUT_SECONDS : seconds;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("timeoutSeconds must be a number, not \"" + parameter + "\"");
    }
  }

  /** How events are written: the object itself, or a one-row Table when kubectl prints. */
  private record EventFormat(
      ResourceType type, TableConverter tables, TableConverter.IncludeObject include) {
    String line(String eventType, ObjectNode object) {
      ObjectNode event = Json.MAPPER.createObjectNode();
      event.put("type", eventType);
      boolean printable =
          tables != null && !eventType.equals("ERROR") && !eventType.equals("BOOKMARK");
      event.set("object", printable ? tables.table(type, List.of(object), null, include) : object);
      return Json.write(event);
    }
  }

  /** A sink whose writes all run on the request's Vert.x context, in order. */
  private abstract static class StreamSink implements WatchSink {
    private final Context context;
    private final EventFormat format;
    private volatile boolean closed;
    private volatile Runnable onClose = () -> {};

    StreamSink(Context context, EventFormat format) {
      this.context = context;
      this.format = format;
    }

    @Override
    public boolean send(String type, ObjectNode object) {
      if (closed) {
        return false;
      }
      String line = format.line(type, object);
      context.runOnContext(
          v -> {
            if (!closed) {
              write(line);
            }
          });
      return true;
    }

    @Override
    public void end() {
      context.runOnContext(
          v -> {
            if (!closed) {
              finish();
              closed();
            }
          });
    }

    void onClose(Runnable action) {
      this.onClose = action;
      if (closed) {
        action.run();
      }
    }

    /** The client went away, or the stream ended. */
    void closed() {
      if (!closed) {
        closed = true;
        onClose.run();
      }
    }

    abstract void write(String line);

    abstract void finish();
  }

  private static final class ChunkedSink extends StreamSink {
    private final HttpServerResponse response;

    ChunkedSink(HttpServerResponse response, Context context, EventFormat format) {
      super(context, format);
      this.response = response;
      response.closeHandler(v -> closed());
    }

    @Override
    void write(String line) {
      response.write(line + "\n");
    }

    @Override
    void finish() {
      if (!response.ended()) {
        response.end();
      }
    }
  }

  private static final class SocketSink extends StreamSink {
    private final ServerWebSocket socket;

    SocketSink(ServerWebSocket socket, Context context, EventFormat format) {
      super(context, format);
      this.socket = socket;
      socket.closeHandler(v -> closed());
      socket.exceptionHandler(e -> closed());
    }

    @Override
    void write(String line) {
      socket.writeTextMessage(line);
    }

    @Override
    void finish() {
      if (!socket.isClosed()) {
        socket.close();
      }
    }
  }
}
