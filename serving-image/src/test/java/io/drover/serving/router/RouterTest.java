package io.drover.serving.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.serving.Http;
import io.vertx.core.Promise;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The router over real HTTP, in front of real HTTP backends on localhost. */
class RouterTest {

  private static final String INFER = "/v2/models/iris/infer";
  private static final String BODY =
      "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}";

  private RouterHarness harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aNinetyTenTableSendsTenPercentToTheCandidate() {
    harness = new RouterHarness();
    String stable = harness.backend(request -> RouterHarness.answer(request, "setosa"));
    String candidate = harness.backend(request -> RouterHarness.answer(request, "setosa"));
    harness.table(
        """
        variants:
          - {name: iris-v3, role: stable, url: "%s", weight: 90}
          - {name: iris-v4, role: candidate, url: "%s", weight: 10}
        """
            .formatted(stable, candidate));
    Map<String, Integer> answered = new HashMap<>();
    for (int i = 0; i < 5000; i++) {
      Http.Response response = harness.http.post(INFER, BODY);
      assertThat(response.status()).isEqualTo(200);
      String variant = response.raw().headers().firstValue("x-drover-variant").orElseThrow();
      answered.merge(variant, 1, Integer::sum);
      assertThat(response.raw().headers().firstValue("x-request-id")).isPresent();
    }
    assertThat(answered.get("iris-v4") / 5000.0).isBetween(0.08, 0.12);
    JsonNode stats = harness.http.get("/router/stats").json();
    assertThat(stats.get("variants").get(1).get("stats").get("requests").asLong())
        .isEqualTo(answered.get("iris-v4").longValue());
  }

  @Test
  void theSameStickyValueAlwaysReachesTheSameVariant() {
    harness = new RouterHarness();
    String a = harness.backend(request -> RouterHarness.answer(request, "a"));
    String b = harness.backend(request -> RouterHarness.answer(request, "b"));
    harness.table(
        """
        stickyHeader: x-user-id
        variants:
          - {name: a, role: stable, url: "%s", weight: 50}
          - {name: b, role: candidate, url: "%s", weight: 50}
        """
            .formatted(a, b));
    Set<String> seen = new HashSet<>();
    for (int user = 0; user < 100; user++) {
      Set<String> variants = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        Http.Response response =
            harness.http.send(
                HttpRequest.newBuilder(harness.http.uri(INFER))
                    .header("x-user-id", "user-" + user)
                    .POST(HttpRequest.BodyPublishers.ofString(BODY)));
        variants.add(response.raw().headers().firstValue("x-drover-variant").orElseThrow());
      }
      assertThat(variants).as("user-%d", user).hasSize(1);
      seen.addAll(variants);
    }
    assertThat(seen).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void theClientNeverWaitsForTheShadowAndAgreementIsCounted() {
    harness = new RouterHarness();
    List<Promise<Void>> held = new CopyOnWriteArrayList<>();
    String primary =
        harness.backend(
            request ->
                request
                    .body()
                    .onSuccess(
                        body ->
                            RouterHarness.reply(
                                request,
                                body.toString().contains("[9,") ? "virginica" : "setosa")));
    // The shadow answers only when the test releases it, and disagrees on the [9, …] rows.
    String shadow =
        harness.backend(
            request ->
                request
                    .body()
                    .onSuccess(
                        body -> {
                          Promise<Void> release = Promise.promise();
                          held.add(release);
                          release.future().onSuccess(x -> RouterHarness.reply(request, "setosa"));
                        }));
    harness.table(
        """
        variants:
          - {name: stable, role: stable, url: "%s", weight: 100}
          - {name: shadow, role: shadow, url: "%s", mirrorPercent: 100}
        """
            .formatted(primary, shadow));
    String disagreeing = BODY.replace("[1,2,3,4]", "[9,2,3,4]");
    for (int i = 0; i < 50; i++) {
      Http.Response response = harness.http.post(INFER, i < 30 ? BODY : disagreeing);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.raw().headers().firstValue("x-drover-variant")).hasValue("stable");
    }
    // All 50 primary answers arrived while every shadow copy was still held by its backend.
    await().until(() -> held.size() == 50);
    JsonNode before = harness.http.get("/router/stats").json().get("variants").get(1);
    assertThat(before.get("stats").get("shadowAgreed").asLong()).isZero();
    held.forEach(Promise::tryComplete);
    await()
        .untilAsserted(
            () -> {
              JsonNode stats =
                  harness.http.get("/router/stats").json().get("variants").get(1).get("stats");
              assertThat(stats.get("shadowAgreed").asLong()).isEqualTo(30);
              assertThat(stats.get("shadowDisagreed").asLong()).isEqualTo(20);
              assertThat(stats.get("shadowAgreement").asDouble()).isEqualTo(0.6);
            });
  }

  @Test
  void onlyInferenceRequestsAreMirroredAndCompared() {
    harness = new RouterHarness();
    LedgerBackend primary = new LedgerBackend(harness, "primary");
    // Answers its own name to every GET: a mirrored metadata request would disagree.
    LedgerBackend shadow = new LedgerBackend(harness, "shadow");
    harness.table(
        """
        variants:
          - {name: stable, role: stable, url: "%s", weight: 100}
          - {name: shadow, role: shadow, url: "%s", mirrorPercent: 100}
        """
            .formatted(primary.url, shadow.url));
    for (String path :
        List.of("/v2/models/iris", "/v2/health/ready", "/v2/models/iris/versions/3", "/v2")) {
      assertThat(harness.http.get(path).status()).as(path).isEqualTo(200);
    }
    assertThat(harness.http.post("/v2/models/iris/ready", "{}").status()).isEqualTo(200);
    assertThat(harness.http.post(INFER, BODY).status()).isEqualTo(200);
    assertThat(harness.http.post("/v2/models/iris/versions/3/infer", BODY).status()).isEqualTo(200);
    assertThat(harness.http.post("/v1/models/iris:predict", "{\"instances\":[[1,2,3,4]]}").status())
        .isEqualTo(200);

    await()
        .untilAsserted(() -> assertThat(shadowStats().get("shadowAgreed").asLong()).isEqualTo(3));
    assertThat(shadow.paths)
        .containsExactlyInAnyOrder(
            "POST /v2/models/iris/infer",
            "POST /v2/models/iris/versions/3/infer",
            "POST /v1/models/iris:predict");
    JsonNode stats = shadowStats();
    assertThat(stats.get("shadowDisagreed").asLong()).isZero();
    assertThat(stats.get("requests").asLong()).isEqualTo(3);
    assertThat(primary.paths).hasSize(8);
  }

  @Test
  void aShadowCopyLeavesOnlyOnceTheClientHasItsAnswerAndFeedbackFollowsTheCopy() throws Exception {
    harness = new RouterHarness();
    LedgerBackend primary = new LedgerBackend(harness, "primary");
    Promise<Void> answerPrimary = Promise.promise();
    String heldPrimary =
        harness.backend(
            request ->
                request
                    .body()
                    .onSuccess(
                        body ->
                            answerPrimary
                                .future()
                                .onSuccess(
                                    go ->
                                        request
                                            .response()
                                            .putHeader("x-request-id", "req-1")
                                            .end(
                                                "{\"id\":\"req-1\",\"outputs\":[{\"name\":\"label\","
                                                    + "\"datatype\":\"BYTES\",\"shape\":[1],"
                                                    + "\"data\":[\"setosa\"]}]}"))));
    // The shadow records what reaches it, in order, and answers its copy when the test says so.
    List<String> atShadow = new CopyOnWriteArrayList<>();
    Promise<Void> answerCopy = Promise.promise();
    String shadow =
        harness.backend(
            request ->
                request
                    .body()
                    .onSuccess(
                        body -> {
                          boolean feedback = request.path().endsWith("/feedback");
                          atShadow.add(
                              feedback
                                  ? "feedback " + FeedbackRouter.idOf(body)
                                  : "copy " + request.getHeader("x-request-id"));
                          if (feedback) {
                            request.response().end("{}");
                          } else {
                            answerCopy
                                .future()
                                .onSuccess(go -> RouterHarness.reply(request, "setosa"));
                          }
                        }));
    harness.table(
        """
        variants:
          - {name: stable, role: stable, url: "%s", weight: 100}
          - {name: shadow, role: shadow, url: "%s", mirrorPercent: 100}
        """
            .formatted(heldPrimary, shadow));
    CompletableFuture<HttpResponse<String>> answer =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(harness.http.uri(INFER))
                    .header("x-request-id", "req-1")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    // Nothing reaches the shadow while the primary works.
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(atShadow::isEmpty);

    answerPrimary.complete();
    assertThat(answer.get().statusCode()).isEqualTo(200);
    await().until(() -> atShadow.equals(List.of("copy req-1")));
    // Feedback sent at once, while the shadow still predicts its copy, waits for that copy.
    harness.table(
        """
        variants:
          - {name: stable, role: stable, url: "%s", weight: 100}
          - {name: shadow, role: shadow, url: "%s", mirrorPercent: 100}
        """
            .formatted(primary.url, shadow));
    primary.pending.add("req-1");
    assertThat(
            harness
                .http
                .post("/v2/models/iris/feedback", "{\"id\":\"req-1\",\"labels\":[\"setosa\"]}")
                .status())
        .isEqualTo(200);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> atShadow.equals(List.of("copy req-1")));

    answerCopy.complete();
    await().until(() -> atShadow.equals(List.of("copy req-1", "feedback req-1")));
    await()
        .untilAsserted(() -> assertThat(shadowStats().get("shadowAgreed").asLong()).isEqualTo(1));
  }

  @Test
  void aHeldRequestReachesTheShadowOnce() throws Exception {
    harness = new RouterHarness();
    LedgerBackend shadow = new LedgerBackend(harness, "shadow");
    int port = freePort();
    harness.table(
        """
        variants:
          - {name: sleeper, role: stable, url: "http://127.0.0.1:%d", weight: 100, model: iris}
          - {name: shadow, role: shadow, url: "%s", mirrorPercent: 100}
        """
            .formatted(port, shadow.url));
    // The stable is down: the first dispatch is refused, the request is held and sent again.
    CompletableFuture<HttpResponse<String>> held =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(harness.http.uri(INFER))
                    .POST(HttpRequest.BodyPublishers.ofString(BODY))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    await().until(() -> harness.app.activator().waiting() == 1);
    harness.listen(
        request -> {
          if (request.path().endsWith("/ready")) {
            request.response().end();
          } else {
            RouterHarness.answer(request, "setosa");
          }
        },
        port);
    assertThat(held.get().statusCode()).isEqualTo(200);

    // Compared once, with the answer the client got after the wake-up.
    await()
        .untilAsserted(() -> assertThat(shadowStats().get("shadowAgreed").asLong()).isEqualTo(1));
    assertThat(shadow.paths).containsExactly("POST " + INFER);
    assertThat(shadowStats().get("requests").asLong()).isEqualTo(1);
  }

  private JsonNode shadowStats() {
    JsonNode variants = harness.http.get("/router/stats").json().get("variants");
    for (JsonNode variant : variants) {
      if (variant.get("role").asText().equals("shadow")) {
        return variant.get("stats");
      }
    }
    throw new AssertionError("no shadow in " + variants);
  }

  @Test
  void aFailingCandidatesErrorsAreItsOwn() {
    harness = new RouterHarness();
    String stable = harness.backend(request -> RouterHarness.answer(request, "setosa"));
    String candidate =
        harness.backend(request -> request.response().setStatusCode(500).end("{\"error\":\"x\"}"));
    harness.table(
        """
        variants:
          - {name: stable, role: stable, url: "%s", weight: 50}
          - {name: candidate, role: candidate, url: "%s", weight: 50}
        """
            .formatted(stable, candidate));
    int failed = 0;
    for (int i = 0; i < 200; i++) {
      Http.Response response = harness.http.post(INFER, BODY);
      if (response.status() == 500) {
        failed++;
        assertThat(response.raw().headers().firstValue("x-drover-variant")).hasValue("candidate");
        assertThat(response.json().get("error").asText()).isEqualTo("x");
      }
    }
    JsonNode variants = harness.http.get("/router/stats").json().get("variants");
    JsonNode stableStats = variants.get(0).get("stats");
    JsonNode candidateStats = variants.get(1).get("stats");
    assertThat(stableStats.get("errors").asLong()).isZero();
    assertThat(candidateStats.get("errors").asLong()).isEqualTo(failed).isPositive();
    assertThat(candidateStats.get("errorRate").asDouble()).isEqualTo(1.0);
    assertThat(stableStats.get("p99Ms").isNumber()).isTrue();
  }

  @Test
  void theActivatorHoldsABurstWakesOnceAndReleasesAllWhenTheModelIsReady() throws Exception {
    harness = new RouterHarness();
    int port = freePort();
    harness.table(
        """
        variants:
          - {name: sleeper, role: stable, url: "http://127.0.0.1:%d", weight: 100, model: iris,
             scaledToZero: true}
        """
            .formatted(port));
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      burst.add(
          client.sendAsync(
              HttpRequest.newBuilder(harness.http.uri(INFER))
                  .POST(HttpRequest.BodyPublishers.ofString(BODY))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    await().until(() -> harness.app.activator().waiting() == 100);
    assertThat(harness.wakes.get()).isEqualTo(1);
    assertThat(burst).noneMatch(CompletableFuture::isDone);

    // The pod comes up, but its model loads for a while: requests still wait.
    AtomicInteger readyProbes = new AtomicInteger();
    harness.listen(
        request -> {
          if (request.path().equals("/v2/models/iris/ready")) {
            request.response().setStatusCode(readyProbes.incrementAndGet() < 3 ? 503 : 200).end();
          } else {
            RouterHarness.answer(request, "setosa");
          }
        },
        port);
    for (CompletableFuture<HttpResponse<String>> response : burst) {
      assertThat(response.get().statusCode()).isEqualTo(200);
    }
    assertThat(readyProbes.get()).isGreaterThanOrEqualTo(3);
    assertThat(harness.wakes.get()).isEqualTo(1);
    assertThat(harness.http.post(INFER, BODY).status()).isEqualTo(200);
  }

  @Test
  void aVariantThatNeverWakesGets503AfterTheTimeout() throws Exception {
    harness = new RouterHarness(Duration.ofMillis(500));
    harness.table(
        """
        variants:
          - {name: gone, role: stable, url: "http://127.0.0.1:%d", weight: 100, scaledToZero: true}
        """
            .formatted(freePort()));
    Http.Response response = harness.http.post(INFER, BODY);
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.json().get("error").asText()).contains("variant gone did not become ready");
    assertThat(harness.wakes.get()).isEqualTo(1);
  }

  @Test
  void aMalformedTableLeavesTheOldOneInForce() {
    harness = new RouterHarness();
    String stable = harness.backend(request -> RouterHarness.answer(request, "setosa"));
    harness.table(
        "variants:\n  - {name: old, role: stable, url: \"%s\", weight: 1}\n".formatted(stable));
    assertThat(harness.app.tables().offer("variants:\n  - {name: new, role: boss}\n", "test"))
        .isFalse();
    assertThat(harness.app.tables().lastError())
        .contains("role boss is not one of stable, candidate, shadow");
    Http.Response response = harness.http.post(INFER, BODY);
    assertThat(response.raw().headers().firstValue("x-drover-variant")).hasValue("old");
    JsonNode table = harness.http.get("/router/stats").json().get("table");
    assertThat(table.get("refusals").asLong()).isEqualTo(1);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
