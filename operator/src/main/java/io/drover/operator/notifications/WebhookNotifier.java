package io.drover.operator.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.operator.config.NotificationConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers notifications to the webhook named by a Secret in the object's namespace. Delivery is
 * asynchronous, so a slow receiver never holds up a reconcile, and retried with doubling backoff on
 * connection errors and 5xx answers; a 4xx answer is the receiver refusing, so it is not retried.
 */
public class WebhookNotifier implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(WebhookNotifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String URL_KEY = "url";

  private final KubernetesClient client;
  private final NotificationConfig config;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "drover-webhook");
            thread.setDaemon(true);
            return thread;
          });

  public WebhookNotifier(KubernetesClient client, NotificationConfig config) {
    this.client = client;
    this.config = config;
  }

  /**
   * Sends the notification if the namespace has a webhook. Completes with whether it was delivered
   * (false also when there is no webhook).
   */
  public CompletableFuture<Boolean> send(Notification notification) {
    Optional<URI> webhook = webhook(notification.namespace());
    if (webhook.isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(notification);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a Notification always serializes", e);
    }
    CompletableFuture<Boolean> delivered = new CompletableFuture<>();
    attempt(webhook.get(), body, notification, 1, config.initialBackoff(), delivered);
    return delivered;
  }

  private void attempt(
      URI webhook,
      byte[] body,
      Notification notification,
      int attempt,
      Duration backoff,
      CompletableFuture<Boolean> delivered) {
    HttpRequest request =
        HttpRequest.newBuilder(webhook)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("User-Agent", "drover-operator")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              int status = response == null ? 0 : response.statusCode();
              if (error == null && status < 300) {
                delivered.complete(true);
              } else if (error == null && status < 500) {
                LOG.warnf(
                    "webhook refused %s for %s/%s with HTTP %d; not retrying",
                    notification.event(), notification.namespace(), notification.name(), status);
                delivered.complete(false);
              } else if (attempt >= config.maxAttempts()) {
                LOG.warnf(
                    "gave up delivering %s for %s/%s after %d attempts: %s",
                    notification.event(),
                    notification.namespace(),
                    notification.name(),
                    attempt,
                    error == null ? "HTTP " + status : error.getMessage());
                delivered.complete(false);
              } else {
                retries.schedule(
                    () ->
                        attempt(
                            webhook,
                            body,
                            notification,
                            attempt + 1,
                            backoff.multipliedBy(2),
                            delivered),
                    backoff.toMillis(),
                    TimeUnit.MILLISECONDS);
              }
            });
  }

  private Optional<URI> webhook(String namespace) {
    Secret secret = client.secrets().inNamespace(namespace).withName(config.secretName()).get();
    if (secret == null) {
      return Optional.empty();
    }
    String url =
        secret.getStringData() != null && secret.getStringData().get(URL_KEY) != null
            ? secret.getStringData().get(URL_KEY)
            : Optional.ofNullable(secret.getData())
                .map(d -> d.get(URL_KEY))
                .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))
                .orElse(null);
    if (url == null || url.isBlank()) {
      LOG.warnf("secret %s/%s has no %s key", namespace, config.secretName(), URL_KEY);
      return Optional.empty();
    }
    try {
      return Optional.of(URI.create(url.strip()));
    } catch (IllegalArgumentException e) {
      LOG.warnf("secret %s/%s holds no valid URL", namespace, config.secretName());
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    retries.shutdownNow();
  }
}
