package io.drover.local.api.http;

import io.drover.local.api.discovery.Discovery;
import io.drover.local.api.discovery.OpenApiDocuments;
import io.drover.local.api.print.TableConverter;
import io.drover.local.api.resource.ResourceRegistry;
import io.drover.local.api.store.ObjectStore;
import io.drover.local.api.watch.WatchHub;
import io.drover.local.api.write.ObjectDeleter;
import io.drover.local.api.write.ObjectWriter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** The Vert.x HTTP server in front of the store: every request, watches and logs included. */
public final class ApiHttpServer implements AutoCloseable {

  private final HttpServer server;

  private ApiHttpServer(HttpServer server) {
    this.server = server;
  }

  /** Binds {@code host:port} (0 for any free port) and serves until closed. */
  public static ApiHttpServer start(
      Vertx vertx,
      String host,
      int port,
      ResourceRegistry registry,
      ObjectStore store,
      WatchHub hub,
      ObjectWriter writer,
      ObjectDeleter deleter,
      Path logs,
      Clock clock,
      Duration bookmarkEvery) {
    TableConverter tables = new TableConverter(clock);
    ResourceHandler resources =
        new ResourceHandler(
            logs.getParent(),
            registry,
            store,
            writer,
            deleter,
            tables,
            new WatchStreams(vertx, store, hub, tables, bookmarkEvery),
            new PodLogs(vertx, logs, store, registry.find("", "v1", "pods").orElseThrow()));
    Routes routes =
        new Routes(
            vertx,
            new Discovery(registry),
            new OpenApiDocuments(registry, Routes.GIT_VERSION),
            resources);
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            // A real API server speaks HTTP/2 only over TLS; plain-text clients get HTTP/1.1.
            .setHttp2ClearTextEnabled(false)
            .setMaxWebSocketFrameSize(1 << 20)
            .setMaxWebSocketMessageSize(64 << 20);
    HttpServer server;
    try {
      server =
          vertx
              .createHttpServer(options)
              .requestHandler(routes::handle)
              .listen()
              .toCompletionStage()
              .toCompletableFuture()
              .orTimeout(30, TimeUnit.SECONDS)
              .join();
    } catch (CompletionException e) {
      throw new IllegalStateException(
          "the local API cannot listen on "
              + host
              + ":"
              + port
              + ": "
              + e.getCause().getMessage()
              + (port != 0 ? " (is another local API running? choose another port)" : ""),
          e.getCause());
    }
    routes.serverAddress(host + ":" + server.actualPort());
    return new ApiHttpServer(server);
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    server.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
