package io.drover.local.runner.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Service port, as kube-proxy plays it: connections to {@code <serviceIP>:<port>} are forwarded
 * to the ready endpoints in turn (round robin). With no ready endpoint the port is closed, so
 * clients get "connection refused" as kube-proxy's reject rule gives them. An endpoint that refuses
 * is skipped for the next; when all refuse, the client's connection is reset.
 */
final class PortForwarder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PortForwarder.class);
  private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

  /** A pod address and port a Service port forwards to. */
  record Backend(String address, int port) {}

  private final InetSocketAddress listen;
  private final ExecutorService pumps;
  private final AtomicInteger turn = new AtomicInteger();
  private volatile List<Backend> backends = List.of();
  private ServerSocket server;
  private boolean closed;

  PortForwarder(String address, int port, ExecutorService pumps) throws IOException {
    this.listen = new InetSocketAddress(InetAddress.getByName(address), port);
    this.pumps = pumps;
  }

  /**
   * Forwards to these backends from now on; opens or closes the port as they appear or go.
   *
   * @throws IOException when the port cannot be bound
   */
  synchronized void forwardTo(List<Backend> ready) throws IOException {
    backends = List.copyOf(ready);
    if (closed) {
      return;
    }
    if (ready.isEmpty() && server != null) {
      closeServer();
    } else if (!ready.isEmpty() && server == null) {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(listen, 256);
      server = socket;
      Thread acceptor = new Thread(() -> accept(socket), "forward-" + listen);
      acceptor.setDaemon(true);
      acceptor.start();
    }
  }

  synchronized boolean listening() {
    return server != null;
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        pumps.execute(() -> connect(client));
      } catch (RuntimeException e) {
        reset(client);
      }
    }
  }

  private void connect(Socket client) {
    List<Backend> choices = backends;
    int first = Math.floorMod(turn.getAndIncrement(), Math.max(1, choices.size()));
    for (int i = 0; i < choices.size(); i++) {
      Backend backend = choices.get((first + i) % choices.size());
      Socket upstream = new Socket();
      try {
        upstream.setTcpNoDelay(true);
        upstream.connect(
            new InetSocketAddress(backend.address(), backend.port()), CONNECT_TIMEOUT_MILLIS);
      } catch (IOException e) {
        closeQuietly(upstream);
        continue;
      }
      splice(client, upstream);
      return;
    }
    reset(client);
  }

  /** Copies both ways; each side's end of stream half-closes the other, as TCP would. */
  private void splice(Socket client, Socket upstream) {
    try {
      client.setTcpNoDelay(true);
    } catch (SocketException ignored) {
      // best effort
    }
    AtomicInteger open = new AtomicInteger(2);
    Runnable done =
        () -> {
          if (open.decrementAndGet() == 0) {
            closeQuietly(client);
            closeQuietly(upstream);
          }
        };
    try {
      pumps.execute(() -> pump(upstream, client, done));
    } catch (RuntimeException e) {
      closeQuietly(upstream);
      reset(client);
      return;
    }
    pump(client, upstream, done);
  }

  private static void pump(Socket from, Socket to, Runnable done) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // One side went away: drop the other with a reset, as a dead peer would.
      reset(to);
      closeQuietly(from);
    } finally {
      done.run();
    }
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException ignored) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.trace("close", e);
    }
  }

  private void closeServer() {
    try {
      server.close();
    } catch (IOException e) {
      LOG.trace("close", e);
    }
    server = null;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (server != null) {
      closeServer();
    }
  }
}
