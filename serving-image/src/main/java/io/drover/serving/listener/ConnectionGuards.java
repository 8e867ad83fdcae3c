package io.drover.serving.listener;

import io.drover.serving.ServingConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.TCPServerBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.lang.reflect.Field;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Puts a {@link RequestHeadGuard} on every connection the application's HTTP listener accepts.
 * Neither Quarkus 3.34 nor Vert.x 4.5 offers a hook ahead of the HTTP codec (Quarkus creates the
 * server and sets no {@code invalidRequestHandler}; a Router sees a request only once its head is
 * parsed), so the guard sits on the listening Netty channel itself: each accepted connection gets
 * it once Vert.x has built its pipeline, before its first byte is read.
 */
@ApplicationScoped
public class ConnectionGuards implements HttpServerOptionsCustomizer {

  private static final Logger LOG = Logger.getLogger(ConnectionGuards.class);
  private static final String NAME = "drover-connection-guards";

  private final Vertx vertx;
  private final Settings settings;

  /**
   * @param headerTimeout time a request line and headers may take from their first byte
   * @param maxInitialLineLength the decoder's limit on the request line, named in its 414
   * @param maxHeaderSize the decoder's limit on the headers, named in its 431
   */
  public record Settings(Duration headerTimeout, int maxInitialLineLength, int maxHeaderSize) {}

  ConnectionGuards(
      Vertx vertx,
      ServingConfig config,
      @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length", defaultValue = "4096")
          int maxInitialLineLength,
      @ConfigProperty(name = "quarkus.http.limits.max-header-size", defaultValue = "20K")
          MemorySize maxHeaderSize) {
    this.vertx = vertx;
    this.settings =
        new Settings(
            config.http().headerTimeout(), maxInitialLineLength, (int) maxHeaderSize.asLongValue());
  }

  /**
   * Cleartext HTTP/2 off: with it on, Vert.x builds a connection's HTTP/1.x codec only when its
   * first bytes arrive, after the guard has looked for it. Every client of these listeners (the
   * router, KServe clients, probes) speaks HTTP/1.1.
   */
  @Override
  public void customizeHttpServer(HttpServerOptions options) {
    options.setHttp2ClearTextEnabled(false);
  }

  /**
   * Quarkus binds the listener after the start event and then tells its asynchronous observers:
   * connections accepted in the milliseconds between (before the server can be ready) are not
   * guarded.
   */
  void onListening(@ObservesAsync HttpServerStart event) {
    try {
      ((VertxInternal) vertx).sharedHttpServers().values().forEach(s -> install(s, settings));
    } catch (IllegalStateException e) {
      LOG.error("the HTTP listener cannot be guarded; stopping", e);
      Quarkus.asyncExit(1);
    }
  }

  /**
   * Guards every connection {@code server}, listening already, accepts from now on; {@code server}
   * must have cleartext HTTP/2 off ({@link #customizeHttpServer}).
   */
  public static void install(HttpServer server, Settings settings) {
    Channel listening = listeningChannel(server);
    if (listening.pipeline().get(NAME) == null) {
      listening.pipeline().addFirst(NAME, new Acceptor(settings));
      LOG.debugf("connections on %s guarded", listening.localAddress());
    }
  }

  /** The Netty server channel Vert.x bound; Vert.x keeps it in a private field only. */
  @SuppressWarnings("unchecked")
  private static Channel listeningChannel(HttpServer server) {
    try {
      Field bound = TCPServerBase.class.getDeclaredField("bindFuture");
      bound.setAccessible(true);
      Future<Channel> channel = (Future<Channel>) bound.get(server);
      if (channel == null || !channel.succeeded()) {
        throw new IllegalStateException("the HTTP server is not listening: " + server);
      }
      return channel.result();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "this Vert.x version does not keep its listening channel where Vert.x 4.5 does;"
              + " the connection guard cannot be installed",
          e);
    }
  }

  /** On the listening channel: hands each accepted connection its installer. */
  @ChannelHandler.Sharable
  private static final class Acceptor extends ChannelInboundHandlerAdapter {
    private final Settings settings;

    Acceptor(Settings settings) {
      this.settings = settings;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Channel accepted) {
        // Ahead of Vert.x's own initializer, which the acceptor adds next.
        accepted.pipeline().addLast(new Installer(new RequestHeadGuard(settings)));
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** On an accepted connection: installs its guard once Vert.x's pipeline is built. */
  private static final class Installer extends ChannelInboundHandlerAdapter {
    private final RequestHeadGuard guard;

    Installer(RequestHeadGuard guard) {
      this.guard = guard;
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
      ctx.pipeline().remove(this);
      if (!guard.install(ctx.pipeline())) {
        // TLS: the codec comes after the handshake. Drover's listeners are cleartext.
        LOG.debugf("connection %s has no HTTP/1.x codec yet; it is not guarded", ctx.channel());
      }
      ctx.fireChannelRegistered();
    }
  }
}
