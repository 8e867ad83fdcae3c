package io.drover.serving.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.serving.Http;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Feedback sent to the router reaches the variant that answered the request (and the shadows, which
 * predicted it too), whether or not the router still remembers who answered.
 */
class FeedbackRoutingTest {

  private static final String INFER = "/v2/models/iris/infer";
  private static final String FEEDBACK = "/v2/models/iris/feedback";
  private static final String BODY =
      "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}";

  private RouterHarness harness;
  private LedgerBackend stable;
  private LedgerBackend candidate;
  private LedgerBackend shadow;

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void start(int feedbackIds) {
    harness = new RouterHarness(Duration.ofSeconds(30), feedbackIds);
    stable = new LedgerBackend(harness, "stable");
    candidate = new LedgerBackend(harness, "candidate");
    shadow = new LedgerBackend(harness, "shadow");
    harness.table(
        """
        variants:
          - {name: stable, role: stable, url: "%s", weight: 50}
          - {name: candidate, role: candidate, url: "%s", weight: 50}
          - {name: shadow, role: shadow, url: "%s", mirrorPercent: 100}
        """
            .formatted(stable.url, candidate.url, shadow.url));
  }

  @Test
  void feedbackReachesTheVariantThatAnsweredAndTheShadow() {
    start(1000);
    Map<String, String> answeredBy = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      Http.Response response = harness.http.post(INFER, BODY);
      String id = response.raw().headers().firstValue("x-request-id").orElseThrow();
      // The id the client sees in the header and the body is the one the variant stored.
      assertThat(response.json().get("id").asText()).isEqualTo(id);
      answeredBy.put(id, response.raw().headers().firstValue("x-drover-variant").orElseThrow());
    }
    assertThat(answeredBy.values()).contains("stable", "candidate");
    await().until(() -> shadow.pending.size() == 40);

    for (Map.Entry<String, String> entry : answeredBy.entrySet()) {
      Http.Response feedback = feedback(entry.getKey());
      assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
      assertThat(feedback.raw().headers().firstValue("x-drover-variant"))
          .hasValue(entry.getValue());
      assertThat(feedback.json().get("scoredBy").asText()).isEqualTo(entry.getValue());
    }
    // The router remembered who answered: no variant was asked about another's ids.
    assertThat(stable.feedbackIds).containsExactlyInAnyOrderElementsOf(stable.scored);
    assertThat(candidate.feedbackIds).containsExactlyInAnyOrderElementsOf(candidate.scored);
    assertThat(stable.scored.size() + candidate.scored.size()).isEqualTo(40);
    // The shadow scores every request it predicted.
    await().untilAsserted(() -> assertThat(shadow.scored).hasSize(40));
    assertThat(shadow.scored).containsExactlyInAnyOrderElementsOf(answeredBy.keySet());
  }

  @Test
  void anIdTheRouterForgotOrNeverSawIsFoundByAskingEveryVariant() {
    start(2);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(
          harness.http.post(INFER, BODY).raw().headers().firstValue("x-request-id").orElseThrow());
    }
    // Sent straight to the candidate, by-passing the router.
    new Http(java.net.URI.create(candidate.url))
        .post(INFER, BODY.replace("{\"inputs\"", "{\"id\":\"direct-1\",\"inputs\""));
    ids.add("direct-1");
    for (String id : ids) {
      Http.Response feedback = feedback(id);
      assertThat(feedback.status()).as(id + ": " + feedback.body()).isEqualTo(200);
    }
    assertThat(candidate.scored).contains("direct-1");
    assertThat(stable.scored.size() + candidate.scored.size()).isEqualTo(11);
  }

  @Test
  void feedbackForAnIdNobodyHoldsIs404AndBadFeedbackIsTheVariantsOwn400() {
    start(1000);
    String id = harness.http.post(INFER, BODY).raw().headers().firstValue("x-request-id").get();
    assertThat(feedback(id).status()).isEqualTo(200);

    Http.Response again = feedback(id);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().get("error").asText()).contains(id);
    Http.Response unknown = feedback("nobody-asked");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText())
        .contains("no variant holds a prediction")
        .contains("nobody-asked");

    Http.Response noId = harness.http.post(FEEDBACK, "{\"label\":\"setosa\"}");
    assertThat(noId.status()).isEqualTo(400);
    assertThat(noId.json().get("error").asText()).contains("id");
    await().untilAsserted(() -> assertThat(shadow.scored).containsExactly(id));
  }

  @Test
  void withNoVariantUpFeedbackIsRefusedAtOnce() throws Exception {
    harness = new RouterHarness(Duration.ofMillis(300));
    harness.table(
        """
        variants:
          - {name: gone, role: stable, url: "http://127.0.0.1:%d", weight: 1, scaledToZero: true}
        """
            .formatted(freePort()));
    // A first request finds the variant down (and gets 503 after the activation timeout).
    assertThat(harness.http.post(INFER, BODY).status()).isEqualTo(503);
    // Feedback never waits for a wake-up: a variant scaled to zero lost its predictions.
    Http.Response feedback = feedback("any");
    assertThat(feedback.status()).isEqualTo(503);
    assertThat(feedback.json().get("error").asText()).contains("no stable or candidate variant");
    assertThat(harness.wakes.get()).isEqualTo(1);
  }

  private Http.Response feedback(String id) {
    return harness.http.post(FEEDBACK, "{\"id\":\"" + id + "\",\"label\":\"setosa\"}");
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
