package io.drover.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.serving.Http;
import io.drover.serving.RawHttp;
import io.drover.serving.RequestHeads;
import io.drover.serving.ServerUnderTest;
import io.drover.serving.SlowClientProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model server's listener against what the fuzzer sent, on raw sockets: chunk extensions,
 * malformed framing, odd request targets, unknown paths, clients that trickle, idle or crowd.
 */
@QuarkusTest
@TestProfile(SlowClientProfile.class)
class ListenerTest {

  private static final String INFER = "/v2/models/iris/infer";

  @TestHTTPResource("/")
  URL base;

  RawHttp raw;
  final List<LogRecord> serious = new CopyOnWriteArrayList<>();
  final Handler logged =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            serious.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void waitForModel() {
    ServerUnderTest.ready(base);
    raw = new RawHttp(base.getPort());
    Logger.getLogger("").addHandler(logged);
  }

  @AfterEach
  void stopListening() {
    Logger.getLogger("").removeHandler(logged);
  }

  @ParameterizedTest
  @ValueSource(strings = {";ext=1", ";a=1;b=2", ";name", ";q=\"quoted value\"", " ;ext=1"})
  void validChunkExtensionsAreIgnored(String extension) {
    RawHttp.Answer answer =
        raw.exchange(RawHttp.chunked(INFER, Requests.single(5.1, 3.5, 1.4, 0.2), extension));

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    assertThat(answer.json().get("outputs").get(0).get("data").get(0).asText()).isEqualTo("setosa");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz", "-58", "0x58", "fffffffffffffffffffff", "58;\u0001", "58;a=\"open"})
  void malformedChunkSizesAre400InJsonAndNotLoggedAsErrors(String sizeLine) {
    String body = Requests.single(5.1, 3.5, 1.4, 0.2);
    RawHttp.Answer answer =
        raw.exchange(RawHttp.chunkedHead(INFER) + sizeLine + "\r\n" + body + "\r\n0\r\n\r\n");

    assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
    assertThat(answer.header("content-type")).isEqualTo("application/json");
    assertThat(answer.json().get("error").asText()).contains("framing is malformed");
    assertThat(serious).as("warnings or errors logged").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/q/foo", "/q/dev-ui", "/q/health", "/foo", "/favicon.ico", "/v3/x"})
  void unknownPathsAnywhereAreJson404s(String path) {
    for (String method : List.of("GET", "POST", "DELETE")) {
      RawHttp.Answer answer = raw.exchange(RawHttp.request(method, path));

      assertThat(answer.status()).as(method + " " + path + ": " + answer.raw()).isEqualTo(404);
      assertThat(answer.header("content-type")).isEqualTo("application/json");
      assertThat(answer.json().get("error").asText()).isEqualTo("no endpoint at " + path);
    }
  }

  @Test
  void asteriskFormIsForOptionsOnly() {
    RawHttp.Answer options = raw.exchange(RawHttp.request("OPTIONS", "*"));
    assertThat(options.status()).as(options.raw()).isEqualTo(204);
    assertThat(options.header("allow")).isEqualTo("GET, POST, OPTIONS");

    RawHttp.Answer get = raw.exchange(RawHttp.request("GET", "*"));
    assertThat(get.status()).as(get.raw()).isEqualTo(400);
    assertThat(get.json().get("error").asText()).contains("only for OPTIONS");
  }

  @Test
  void absoluteFormIsServedByItsPath() {
    RawHttp.Answer answer =
        raw.exchange(RawHttp.request("GET", "http://localhost:1/v2/health/live"));

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    assertThat(answer.json().get("live").asBoolean()).isTrue();
  }

  @Test
  void trickledBodiesAreAnswered408AndClosedAfterTheReadTimeout() throws Exception {
    List<Socket> clients = new ArrayList<>();
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < 20; i++) {
        Socket socket = raw.open();
        socket
            .getOutputStream()
            .write(
                ("POST "
                        + INFER
                        + " HTTP/1.1\r\nHost: localhost\r\ncontent-length: 100000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
        clients.add(socket);
      }
      // One byte per client every 200 ms: never idle, never done.
      trickle.scheduleAtFixedRate(
          () -> clients.forEach(ListenerTest::sendOneByte), 200, 200, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      for (Socket client : clients) {
        RawHttp.Answer answer = RawHttp.Answer.parse(RawHttp.readUntilClosed(client, 15_000));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(408);
        assertThat(answer.json().get("error").asText()).contains("not received within 2000 ms");
      }
      Duration all = Duration.ofNanos(System.nanoTime() - start);
      assertThat(all).isLessThan(Duration.ofSeconds(SlowClientProfile.READ_TIMEOUT_SECONDS + 8));
    } finally {
      trickle.shutdownNow();
      for (Socket client : clients) {
        client.close();
      }
    }
  }

  @Test
  void headsTrickledByteByByteAreAnswered408AndClosedAfterTheHeaderTimeout() throws IOException {
    RequestHeads.assertTrickledHeadsAre408(
        raw, 10, Duration.ofSeconds(SlowClientProfile.HEADER_TIMEOUT_SECONDS));
  }

  @Test
  void headsTheCodecRefusesAreAnsweredInJson() {
    RequestHeads.assertRefusedHeadsAreJson(raw);
    assertThat(serious).as("warnings or errors logged").isEmpty();
  }

  @Test
  void aKeptAliveConnectionServesRequestsAndHeadsLongAfterTheHeaderTimeout() throws Exception {
    try (Socket socket = raw.open()) {
      OutputStream out = socket.getOutputStream();
      java.io.InputStream in = socket.getInputStream();
      socket.setSoTimeout(10_000);
      byte[] live =
          "GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII);
      out.write(live);
      assertThat(readAnswer(in)).startsWith("HTTP/1.1 200");
      // Quiet for longer than the header timeout (but not the idle timeout): no 408 is due, as
      // the deadline counts from a head's first byte.
      long quietUntil = System.nanoTime() + Duration.ofMillis(2_500).toNanos();
      await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() >= quietUntil);
      out.write(live);
      assertThat(readAnswer(in)).startsWith("HTTP/1.1 200");
    }
  }

  /** One answer with a content-length body, read off a connection that stays open. */
  private static String readAnswer(java.io.InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("closed after: " + head);
      }
      head.append((char) b);
    }
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
    return head + new String(in.readNBytes(body), StandardCharsets.UTF_8);
  }

  @Test
  void idleConnectionsAreClosed() throws IOException {
    try (Socket silent = raw.open()) {
      long start = System.nanoTime();
      assertThat(RawHttp.readUntilClosed(silent, 15_000)).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(SlowClientProfile.IDLE_TIMEOUT_SECONDS - 1));
    }
  }

  @Test
  void connectionsBeyondTheLimitAreRefused() throws IOException {
    List<Socket> held = new ArrayList<>();
    int served = 0;
    int refused = 0;
    try {
      for (int i = 0; i < SlowClientProfile.MAX_CONNECTIONS + 10; i++) {
        Socket socket = raw.open();
        held.add(socket);
        socket
            .getOutputStream()
            .write(
                "GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        socket.setSoTimeout(5_000);
        int first;
        try {
          first = socket.getInputStream().read();
        } catch (IOException reset) {
          first = -1;
        }
        if (first < 0) {
          refused++;
        } else {
          served++;
        }
      }
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
    assertThat(served).isLessThanOrEqualTo(SlowClientProfile.MAX_CONNECTIONS);
    assertThat(refused).isGreaterThanOrEqualTo(10);
    Http http = new Http(java.net.URI.create(base.toString()));
    await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/v2/health/live").status() == 200);
  }

  private static void sendOneByte(Socket socket) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(' ');
      out.flush();
    } catch (IOException closed) {
      // The server has closed it: the test reads what it answered.
    }
  }
}
