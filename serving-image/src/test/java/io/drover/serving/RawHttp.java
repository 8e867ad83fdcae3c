package io.drover.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 written byte by byte on a socket, for what no HTTP client sends: chunk extensions,
 * malformed chunk sizes, asterisk- and absolute-form targets, a client that trickles or stalls.
 */
public final class RawHttp {

  /** A request body in one chunk, its size line followed by {@code extension}. */
  public static String chunked(String path, String body, String extension) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return chunkedHead(path)
        + Integer.toHexString(bytes.length)
        + extension
        + "\r\n"
        + body
        + "\r\n0\r\n\r\n";
  }

  /** The headers of a chunked POST, connection closed after the answer. */
  public static String chunkedHead(String path) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\ncontent-type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  }

  /** A request without a body, connection closed after the answer. */
  public static String request(String method, String target) {
    return method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  }

  /** What came back on one connection: parsed when it is an HTTP answer, else empty. */
  public record Answer(int status, Map<String, String> headers, String body, String raw) {

    public JsonNode json() {
      try {
        return Http.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (HTTP " + status + "): " + raw, e);
      }
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public static Answer parse(String raw) {
      int end = raw.indexOf("\r\n\r\n");
      if (!raw.startsWith("HTTP/") || end < 0) {
        return new Answer(-1, Map.of(), "", raw);
      }
      String[] lines = raw.substring(0, end).split("\r\n");
      Map<String, String> headers = new TreeMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      return new Answer(
          Integer.parseInt(lines[0].split(" ")[1]), headers, raw.substring(end + 4), raw);
    }
  }

  private final int port;

  public RawHttp(int port) {
    this.port = port;
  }

  /** Sends {@code request} and reads until the server closes (or 10 s pass). */
  public Answer exchange(String request) {
    try (Socket socket = open()) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return Answer.parse(readUntilClosed(socket, 10_000));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Socket open() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    return socket;
  }

  /** Everything the server sends until it closes; fails when it is still open after the limit. */
  public static String readUntilClosed(Socket socket, int limitMillis) throws IOException {
    socket.setSoTimeout(limitMillis);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError(
          "the server kept the connection open for " + limitMillis + " ms; it sent: " + out);
    } catch (IOException reset) {
      // A reset after the answer still counts as closed.
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
