package io.drover.serving.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.serving.Http;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A variant that is down: scaled to zero on purpose (held and woken, timed as a cold start), or
 * down on its own (its traffic fails over to another primary at once, sticky users included, and
 * comes back when it does), and the in-flight figures the autoscaler reads, held requests included.
 */
class DownVariantTest {

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
  void aCrashedCandidatesTrafficFailsOverToTheStableAtOnceAndCountsAsItsErrors() throws Exception {
    // A held request would wait an hour: every answer below arriving means none was held.
    harness = new RouterHarness(Duration.ofHours(1));
    String stable = harness.backend(request -> RouterHarness.answer(request, "setosa"));
    harness.table(
        """
        variants:
          - {name: stable, role: stable, url: "%s", weight: 50}
          - {name: crashed, role: candidate, url: "http://127.0.0.1:%d", weight: 50}
        """
            .formatted(stable, freePort()));
    for (int i = 0; i < 100; i++) {
      Http.Response response = harness.http.post(INFER, BODY);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.raw().headers().firstValue("x-drover-variant")).hasValue("stable");
    }
    JsonNode crashed = variant("crashed");
    JsonNode healthy = variant("stable");
    assertThat(crashed.get("available").asBoolean()).isFalse();
    long failedOver = crashed.get("stats").get("errors").asLong();
    assertThat(failedOver).isPositive().isEqualTo(crashed.get("stats").get("requests").asLong());
    assertThat(healthy.get("stats").get("requests").asLong()).isEqualTo(100);
    assertThat(healthy.get("stats").get("errors").asLong()).isZero();
    assertThat(harness.wakes.get()).isZero();
    assertThat(harness.app.activator().waiting()).isZero();
    assertThat(crashed.get("stats").get("inFlight").asInt()).isZero();
    assertThat(healthy.get("stats").get("inFlight").asInt()).isZero();
  }

  @Test
  void aStableAnswering503FailsOverToTheCandidate() {
    harness = new RouterHarness(Duration.ofHours(1));
    String unready =
        harness.backend(
            request ->
                request.response().setStatusCode(503).end("{\"error\":\"model is loading\"}"));
    String candidate = harness.backend(request -> RouterHarness.answer(request, "setosa"));
    harness.table(
        """
        variants:
          - {name: unready, role: stable, url: "%s", weight: 90, model: iris}
          - {name: candidate, role: candidate, url: "%s", weight: 10}
        """
            .formatted(unready, candidate));
    for (int i = 0; i < 20; i++) {
      Http.Response response = harness.http.post(INFER, BODY);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.raw().headers().firstValue("x-drover-variant")).hasValue("candidate");
    }
    assertThat(variant("unready").get("stats").get("errors").asLong()).isPositive();
    assertThat(harness.wakes.get()).isZero();
  }

  @Test
  void stickyUsersFailOverWhileTheirVariantIsDownAndReturnWhenItIsBack() throws Exception {
    harness = new RouterHarness(Duration.ofHours(1));
    int port = freePort();
    String stable = harness.backend(request -> RouterHarness.answer(request, "setosa"));
    harness.table(
        """
        stickyHeader: x-user-id
        variants:
          - {name: a, role: stable, url: "%s", weight: 50}
          - {name: b, role: candidate, url: "http://127.0.0.1:%d", weight: 50, model: iris}
        """
            .formatted(stable, port));
    RoutingTable table = harness.app.tables().table();
    List<String> usersOfB = new ArrayList<>();
    for (int user = 0; usersOfB.size() < 20; user++) {
      if (VariantPicker.pick(table, "user-" + user).name().equals("b")) {
        usersOfB.add("user-" + user);
      }
    }
    for (String user : usersOfB) {
      assertThat(answeredBy(user)).as(user).isEqualTo("a");
    }
    harness.listen(
        request -> {
          if (request.path().equals("/v2/models/iris/ready")) {
            request.response().end();
          } else {
            RouterHarness.answer(request, "setosa");
          }
        },
        port);
    await().until(() -> variant("b").get("available").asBoolean());
    Map<String, String> after = new HashMap<>();
    for (String user : usersOfB) {
      after.put(user, answeredBy(user));
    }
    assertThat(after).allSatisfy((user, variant) -> assertThat(variant).as(user).isEqualTo("b"));
    assertThat(harness.wakes.get()).isZero();
  }

  @Test
  void aCrashedVariantWithNoOtherPrimaryHoldsItsRequestsWithoutWakingAnything() throws Exception {
    harness = new RouterHarness();
    int port = freePort();
    harness.table(
        """
        variants:
          - {name: only, role: stable, url: "http://127.0.0.1:%d", weight: 100}
          - {name: idle, role: candidate, url: "http://127.0.0.1:%d", weight: 0, scaledToZero: true}
        """
            .formatted(port, freePort()));
    CompletableFuture<HttpResponse<String>> held = sendAsync();
    await().until(() -> harness.app.activator().waiting() == 1);
    assertThat(variant("only").get("stats").get("inFlight").asInt()).isEqualTo(1);
    harness.listen(request -> RouterHarness.answer(request, "setosa"), port);
    assertThat(held.get().statusCode()).isEqualTo(200);
    assertThat(harness.wakes.get()).isZero();
    // Not a cold start: nothing was woken.
    assertThat(variant("only").get("stats").get("lastColdStartSeconds").isNull()).isTrue();
  }

  @Test
  void aRequestHeldForAVersionTheTableDropsIsAnsweredByTheVersionTheNewTableNames()
      throws Exception {
    harness = new RouterHarness();
    harness.table(
        """
        variants:
          - {name: removed, role: stable, url: "http://127.0.0.1:%d", weight: 100}
        """
            .formatted(freePort()));
    CompletableFuture<HttpResponse<String>> held = sendAsync();
    await().until(() -> harness.app.activator().waiting() == 1);

    // A switch back: the operator routes to the kept version, then removes the other.
    String kept = harness.backend(request -> RouterHarness.answer(request, "setosa"));
    harness.table(
        """
        variants:
          - {name: kept, role: stable, url: "%s", weight: 100}
        """
            .formatted(kept));
    // Well before the 30 s activation timeout: the request follows the table at once.
    HttpResponse<String> answer = held.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as("not lost: %s", answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("x-drover-variant")).hasValue("kept");
  }

  @Test
  void aScaledToZeroVariantIsWokenEvenWithAnotherPrimaryUpAndItsColdStartIsTimed()
      throws Exception {
    harness = new RouterHarness();
    int port = freePort();
    String stable = harness.backend(request -> RouterHarness.answer(request, "setosa"));
    harness.table(
        """
        stickyHeader: x-user-id
        variants:
          - {name: warm, role: stable, url: "%s", weight: 50}
          - {name: sleeper, role: candidate, url: "http://127.0.0.1:%d", weight: 50, model: iris,
             scaledToZero: true}
        """
            .formatted(stable, port));
    String user = null;
    for (int i = 0; user == null; i++) {
      if (VariantPicker.pick(harness.app.tables().table(), "u" + i).name().equals("sleeper")) {
        user = "u" + i;
      }
    }
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      held.add(sendAsync(user));
    }
    await().until(() -> harness.app.activator().waiting() == 5);
    assertThat(harness.wakes.get()).isEqualTo(1);
    assertThat(variant("sleeper").get("stats").get("inFlight").asInt()).isEqualTo(5);
    assertThat(gauge("drover_router_in_flight", "sleeper")).isEqualTo(5.0);
    assertThat(held).noneMatch(CompletableFuture::isDone);

    harness.listen(
        request -> {
          if (request.path().equals("/v2/models/iris/ready")) {
            request.response().end();
          } else {
            RouterHarness.answer(request, "versicolor");
          }
        },
        port);
    for (CompletableFuture<HttpResponse<String>> response : held) {
      assertThat(response.get().statusCode()).isEqualTo(200);
      assertThat(response.get().headers().firstValue("x-drover-variant")).hasValue("sleeper");
    }
    JsonNode stats = variant("sleeper").get("stats");
    assertThat(stats.get("inFlight").asInt()).isZero();
    assertThat(gauge("drover_router_in_flight", "sleeper")).isZero();
    assertThat(stats.get("lastColdStartSeconds").asDouble()).isPositive();
    // One activation, one cold start, however many requests it held.
    assertThat(gauge("drover_cold_start_seconds_count", "sleeper")).isEqualTo(1.0);
    assertThat(harness.metrics()).contains("drover_cold_start_seconds_bucket{variant=\"sleeper\"");
  }

  private String answeredBy(String user) {
    Http.Response response =
        harness.http.send(
            HttpRequest.newBuilder(harness.http.uri(INFER))
                .header("x-user-id", user)
                .POST(HttpRequest.BodyPublishers.ofString(BODY)));
    assertThat(response.status()).isEqualTo(200);
    return response.raw().headers().firstValue("x-drover-variant").orElseThrow();
  }

  private CompletableFuture<HttpResponse<String>> sendAsync() {
    return sendAsync("nobody");
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(String user) {
    return HttpClient.newHttpClient()
        .sendAsync(
            HttpRequest.newBuilder(harness.http.uri(INFER))
                .header("x-user-id", user)
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** A sample's value in the Prometheus text, by metric name and variant label. */
  private double gauge(String metric, String variant) {
    Matcher sample =
        Pattern.compile(
                "(?m)^" + metric + "\\{variant=\"" + Pattern.quote(variant) + "\",?\\} (\\S+)$")
            .matcher(harness.metrics());
    assertThat(sample.find()).as(metric + " for " + variant).isTrue();
    return Double.parseDouble(sample.group(1));
  }

  private JsonNode variant(String name) {
    for (JsonNode variant : harness.http.get("/router/stats").json().get("variants")) {
      if (variant.get("name").asText().equals(name)) {
        return variant;
      }
    }
    throw new AssertionError("no variant " + name);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
