package io.drover.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request heads the HTTP codec refuses or never completes, and what every listener must answer: the
 * same checks for the model server and the router, in the JVM and packaged.
 */
public final class RequestHeads {

  /** Longer than Quarkus' default 4096-byte request line. */
  public static final String LONG_LINE =
      "GET /v2/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n";

  /** Larger than Quarkus' default 20 KiB of headers. */
  public static final String LARGE_HEADERS =
      "GET /v2 HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(25 * 1024) + "\r\n\r\n";

  /** Heads Netty's decoder refuses: an unknown version, no version, a header name with a space. */
  public static final List<String> MALFORMED =
      List.of(
          "GET /v2 HTTP/9.Z\r\nHost: localhost\r\n\r\n",
          "GARBAGE\r\n\r\n",
          "POST /v2/models/iris/infer HTTP/1.1\r\nHost: localhost\r\nBad Name: x\r\n\r\n");

  private RequestHeads() {}

  /** {@code answer} is {@code status} with a JSON error body, and the connection was closed. */
  public static void assertJsonError(RawHttp.Answer answer, int status, String message) {
    assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
    assertThat(answer.header("content-type")).as(answer.raw()).isEqualTo("application/json");
    assertThat(answer.header("connection")).as(answer.raw()).isEqualTo("close");
    assertThat(answer.json().get("error").asText()).contains(message);
  }

  /** The codec's refusals, each answered in JSON. */
  public static void assertRefusedHeadsAreJson(RawHttp raw) {
    assertJsonError(raw.exchange(LONG_LINE), 414, "request line is longer than 4096 bytes");
    assertJsonError(raw.exchange(LARGE_HEADERS), 431, "headers are larger than 20480 bytes");
    for (String head : MALFORMED) {
      assertJsonError(raw.exchange(head), 400, "request line or a header is malformed");
    }
  }

  /**
   * {@code clients} connections each send a request head one byte every 200 ms, from its first
   * byte, never finishing it: each must get 408 in JSON and be closed, not before {@code timeout}
   * from its first byte and well within {@code timeout} plus slack for a loaded machine.
   */
  public static void assertTrickledHeadsAre408(RawHttp raw, int clients, Duration timeout)
      throws IOException {
    byte[] head =
        ("GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "s".repeat(200))
            .getBytes(StandardCharsets.US_ASCII);
    List<Socket> sockets = new ArrayList<>();
    AtomicInteger sent = new AtomicInteger();
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < clients; i++) {
        sockets.add(raw.open());
      }
      long start = System.nanoTime();
      trickle.scheduleAtFixedRate(
          () -> {
            int next = sent.getAndIncrement();
            sockets.forEach(socket -> sendByte(socket, head[next % head.length]));
          },
          0,
          200,
          TimeUnit.MILLISECONDS);
      for (Socket socket : sockets) {
        RawHttp.Answer answer =
            RawHttp.Answer.parse(
                RawHttp.readUntilClosed(socket, (int) timeout.plusSeconds(10).toMillis()));
        assertJsonError(answer, 408, "not received within " + timeout.toMillis() + " ms");
      }
      Duration all = Duration.ofNanos(System.nanoTime() - start);
      // Never before the deadline (the first byte left after start); within it plus slack.
      assertThat(all).isGreaterThanOrEqualTo(timeout.minusMillis(50));
      assertThat(all).isLessThan(timeout.plusSeconds(8));
      // Still a head in progress when it was answered: one byte every 200 ms from its start.
      assertThat(sent.get()).isLessThan(head.length);
    } finally {
      trickle.shutdownNow();
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  private static void sendByte(Socket socket, byte value) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(value);
      out.flush();
    } catch (IOException closed) {
      // The server has closed it: the test reads what it answered.
    }
  }
}
