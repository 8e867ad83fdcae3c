package io.drover.serving.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.serving.Http;
import io.drover.serving.RawHttp;
import io.drover.serving.RequestHeads;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router's own listener and its backend deadline, on raw sockets: request targets in every form
 * RFC 9112 allows, malformed framing, unknown paths, a trickling client and a backend whose body
 * stalls after its headers.
 */
class RouterListenerTest {

  private static final String BODY =
      "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],\"datatype\":\"FP32\","
          + "\"data\":[1,2,3,4]}]}";

  RouterHarness harness;
  RawHttp raw;
  final List<String> targets = new CopyOnWriteArrayList<>();
  final List<MultiMap> headersSeen = new CopyOnWriteArrayList<>();
  final Set<String> connectionsSeen = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() {
    harness =
        new RouterHarness(
            Duration.ofSeconds(5), 1000, Duration.ofSeconds(1), Duration.ofSeconds(2));
    raw = new RawHttp(harness.http.uri("/").getPort());
    String backend =
        harness.backend(
            request -> {
              targets.add(request.uri());
              headersSeen.add(HttpHeaders.headers().addAll(request.headers()));
              connectionsSeen.add(request.remoteAddress().toString());
              if (request.path().equals("/v2/models/hop/infer")) {
                request
                    .response()
                    .putHeader("Keep-Alive", "timeout=1")
                    .putHeader("Proxy-Authenticate", "Basic realm=model")
                    .putHeader("X-Model-Trace", "7");
              }
              if (request.path().equals("/v2/models/stall/infer")) {
                // Headers and the first bytes, then nothing: the body never completes.
                request.response().putHeader("content-length", "1000").write("{\"outputs\":");
              } else {
                RouterHarness.answer(request, "setosa");
              }
            });
    harness.table(
        """
        variants:
          - {name: stable, role: stable, url: "%s", weight: 100}
        """
            .formatted(backend));
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void absoluteFormIsRoutedByItsPathAndQuery() {
    RawHttp.Answer answer =
        raw.exchange(RawHttp.request("GET", "http://iris.example:8080/v2/models/iris?x=1"));

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    assertThat(answer.header("x-drover-variant")).isEqualTo("stable");
    assertThat(targets).containsExactly("/v2/models/iris?x=1");
  }

  @Test
  void asteriskFormIsAnsweredByTheRouterItself() {
    RawHttp.Answer options = raw.exchange(RawHttp.request("OPTIONS", "*"));
    assertThat(options.status()).as(options.raw()).isEqualTo(204);
    assertThat(options.header("allow")).isEqualTo("GET, POST, OPTIONS");

    RawHttp.Answer post = raw.exchange(RawHttp.request("POST", "*"));
    assertThat(post.status()).as(post.raw()).isEqualTo(400);
    assertThat(post.header("content-type")).isEqualTo("application/json");
    assertThat(post.json().get("error").asText()).contains("only for OPTIONS");
    assertThat(targets).isEmpty();
  }

  @Test
  void hopByHopHeadersAreNotPassedOnInEitherDirection() {
    RawHttp.Answer answer =
        raw.exchange(
            "GET /v2/models/hop/infer HTTP/1.1\r\nHost: localhost\r\nTE: trailers\r\n"
                + "KEEP-ALIVE: timeout=5\r\nProxy-Authorization: Basic dTpw\r\n"
                + "Proxy-Connection: close\r\nX-Client-Trace: 9\r\nConnection: close\r\n\r\n");

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    MultiMap sent = headersSeen.get(headersSeen.size() - 1);
    assertThat(sent.get("x-client-trace")).isEqualTo("9");
    assertThat(sent.names())
        .map(name -> name.toLowerCase(Locale.ROOT))
        .doesNotContain("te", "keep-alive", "proxy-authorization", "proxy-connection");
    // The client's "close" is its own connection's business, not the pooled one's.
    assertThat(sent.get("connection")).isNotEqualToIgnoringCase("close");
    assertThat(answer.header("x-model-trace")).isEqualTo("7");
    assertThat(answer.header("keep-alive")).isNull();
    assertThat(answer.header("proxy-authenticate")).isNull();
  }

  @Test
  void oneClientsRequestsShareOneKeptAliveConnectionToTheVariant() {
    for (int i = 0; i < 50; i++) {
      assertThat(harness.http.post("/v2/models/iris/infer", BODY).status()).isEqualTo(200);
    }

    assertThat(targets).hasSize(50);
    assertThat(connectionsSeen).hasSize(1);
  }

  @Test
  void aBodyThatStallsAfterTheHeadersIsA504AndAnError() {
    long start = System.nanoTime();
    Http.Response response = harness.http.post("/v2/models/stall/infer", BODY);

    assertThat(response.status()).isEqualTo(504);
    assertThat(response.json().get("error").asText())
        .contains("variant stable did not answer in time");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    await()
        .untilAsserted(
            () -> assertThat(harness.app.stats().of("stable").snapshot().errors()).isEqualTo(1));
    // The router is not stuck behind the stalled answer.
    assertThat(harness.http.post("/v2/models/iris/infer", BODY).status()).isEqualTo(200);
  }

  @Test
  void chunkExtensionsAreAcceptedAndMalformedFramingIsA400() {
    RawHttp.Answer valid = raw.exchange(RawHttp.chunked("/v2/models/iris/infer", BODY, ";ext=1"));
    assertThat(valid.status()).as(valid.raw()).isEqualTo(200);

    RawHttp.Answer malformed =
        raw.exchange(
            RawHttp.chunkedHead("/v2/models/iris/infer") + "zz\r\n" + BODY + "\r\n0\r\n\r\n");
    assertThat(malformed.status()).as(malformed.raw()).isEqualTo(400);
    assertThat(malformed.json().get("error").asText()).contains("framing is malformed");
  }

  @Test
  void pathsTheRouterDoesNotProxyAreJson404s() {
    for (String path : List.of("/q/foo", "/q/health", "/router/nope")) {
      RawHttp.Answer answer = raw.exchange(RawHttp.request("GET", path));

      assertThat(answer.status()).as(path + ": " + answer.raw()).isEqualTo(404);
      assertThat(answer.header("content-type")).isEqualTo("application/json");
      assertThat(answer.json().get("error").asText()).isEqualTo("no endpoint at " + path);
    }
  }

  @Test
  void aBodyNotSentInTimeIsAnswered408() throws Exception {
    try (Socket client = raw.open()) {
      client
          .getOutputStream()
          .write(
              "POST /v2/models/iris/infer HTTP/1.1\r\nHost: x\r\ncontent-length: 500\r\n\r\n{"
                  .getBytes(StandardCharsets.US_ASCII));
      RawHttp.Answer answer = RawHttp.Answer.parse(RawHttp.readUntilClosed(client, 10_000));

      assertThat(answer.status()).as(answer.raw()).isEqualTo(408);
      assertThat(answer.json().get("error").asText()).contains("not received within 2000 ms");
    }
    assertThat(targets).isEmpty();
  }

  @Test
  void headsTheCodecRefusesAreAnsweredInJsonAndNeverProxied() {
    RequestHeads.assertRefusedHeadsAreJson(raw);
    assertThat(targets).isEmpty();
  }

  @Test
  void headsTrickledByteByByteAreAnswered408AndNeverProxied() throws Exception {
    RequestHeads.assertTrickledHeadsAre408(raw, 5, Duration.ofSeconds(2));
    assertThat(targets).isEmpty();
  }
}
