package io.drover.operator.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.drover.operator.testing.DroverTestEnvironment;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delivery to a real HTTP receiver on localhost, with the URL taken from a Secret. */
@EnableKubernetesMockClient(crud = true)
class WebhookNotifierTest {

  KubernetesClient client;
  HttpServer receiver;
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();
  final AtomicInteger attempts = new AtomicInteger();
  WebhookNotifier notifier;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks/drover",
        exchange -> {
          attempts.incrementAndGet();
          byte[] body = exchange.getRequestBody().readAllBytes();
          int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
          if (status == 204) {
            received.add(new ObjectMapper().readTree(body));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
    notifier = new WebhookNotifier(client, DroverTestEnvironment.notificationConfig());
  }

  @AfterEach
  void stop() {
    notifier.close();
    receiver.stop(0);
  }

  @Test
  void deliversTheNotificationAsJson() throws Exception {
    webhookSecret("ml", url());

    boolean delivered = notifier.send(production("ml")).get(10, TimeUnit.SECONDS);

    assertThat(delivered).isTrue();
    assertThat(received)
        .singleElement()
        .satisfies(
            body -> {
              assertThat(body.get("event").asText()).isEqualTo("Production");
              assertThat(body.get("kind").asText()).isEqualTo("ModelVersion");
              assertThat(body.get("name").asText()).isEqualTo("iris-classifier-v2");
              assertThat(body.get("model").asText()).isEqualTo("iris-classifier");
              assertThat(body.get("version").asInt()).isEqualTo(2);
            });
  }

  @Test
  void retriesWhileTheReceiverIsUnavailable() throws Exception {
    webhookSecret("ml", url());
    failuresLeft.set(2);

    assertThat(notifier.send(production("ml")).get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(attempts).hasValue(3);
    assertThat(received).hasSize(1);
  }

  @Test
  void givesUpAfterTheConfiguredAttempts() throws Exception {
    webhookSecret("ml", url());
    failuresLeft.set(100);

    assertThat(notifier.send(production("ml")).get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(attempts).hasValue(4);
    assertThat(received).isEmpty();
  }

  @Test
  void namespaceWithoutAWebhookSecretSendsNothing() throws Exception {
    assertThat(notifier.send(production("other")).get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(attempts).hasValue(0);
  }

  private String url() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/drover";
  }

  private void webhookSecret(String namespace, String url) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("drover-notifications")
                .withNamespace(namespace)
                .endMetadata()
                .addToStringData("url", url)
                .build())
        .create();
  }

  private static Notification production(String namespace) {
    return new Notification(
        "Production",
        "ModelVersion",
        namespace,
        "iris-classifier-v2",
        "iris-classifier",
        2,
        "promoted to Production",
        "2026-11-22T08:00:00Z");
  }
}
