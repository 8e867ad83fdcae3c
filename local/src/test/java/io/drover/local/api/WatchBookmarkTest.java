package io.drover.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watch bookmarks: how an informer on a quiet kind keeps a resource version recent enough to resume
 * from after its watch times out, instead of getting 410 and relisting.
 */
class WatchBookmarkTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;
  private static LocalApiServer server;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    server =
        LocalApiServer.start(LocalApiOptions.of(home).withBookmarkEvery(Duration.ofMillis(300)));
    client = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aWatchThatAllowsBookmarksLearnsTheResourceVersionItHasSeenEverythingUpTo() throws Exception {
    String from =
        client.configMaps().inNamespace("default").list().getMetadata().getResourceVersion();
    BlockingQueue<JsonNode> events =
        watch(
            "/api/v1/namespaces/default/configmaps?watch=1&allowWatchBookmarks=true"
                + "&resourceVersion="
                + from);
    ConfigMap created =
        client.configMaps().inNamespace("default").resource(configMap("quiet")).create();
    // Other kinds change meanwhile: the bookmark's version is past them too.
    client
        .secrets()
        .inNamespace("default")
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("elsewhere")
                .endMetadata()
                .build())
        .create();

    JsonNode added = events.poll(10, TimeUnit.SECONDS);
    assertThat(added.path("type").asText()).isEqualTo("ADDED");
    JsonNode bookmark = nextOfType(events, "BOOKMARK");
    assertThat(bookmark).as("a BOOKMARK within a few intervals").isNotNull();
    assertThat(bookmark.path("object").path("kind").asText()).isEqualTo("ConfigMap");
    assertThat(bookmark.path("object").path("apiVersion").asText()).isEqualTo("v1");
    long marked = bookmark.path("object").path("metadata").path("resourceVersion").asLong();
    assertThat(marked).isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));

    // Resuming from the bookmark replays nothing already seen, and misses nothing after it.
    BlockingQueue<JsonNode> resumed =
        watch("/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=" + marked);
    client.configMaps().inNamespace("default").resource(configMap("after")).create();
    JsonNode next = resumed.poll(10, TimeUnit.SECONDS);
    assertThat(next.path("type").asText()).isEqualTo("ADDED");
    assertThat(next.path("object").path("metadata").path("name").asText()).isEqualTo("after");
  }

  @Test
  void aFabric8InformerMovesItsResourceVersionOnBookmarksAndTellsItsHandlersNothing()
      throws Exception {
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName("bookmarked")
                .endMetadata()
                .build())
        .create();
    AtomicInteger adds = new AtomicInteger();
    AtomicInteger updates = new AtomicInteger();
    try (SharedIndexInformer<ConfigMap> informer =
        client
            .configMaps()
            .inNamespace("bookmarked")
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap map) {
                    adds.incrementAndGet();
                  }

                  @Override
                  public void onUpdate(ConfigMap before, ConfigMap after) {
                    updates.incrementAndGet();
                  }

                  @Override
                  public void onDelete(ConfigMap map, boolean unknownFinalState) {}
                })) {
      client.configMaps().inNamespace("bookmarked").resource(configMap("one")).create();
      // Only other namespaces change afterwards: without bookmarks the informer's version would
      // stay at its own last change.
      String later =
          client
              .configMaps()
              .inNamespace("default")
              .resource(configMap("unwatched"))
              .create()
              .getMetadata()
              .getResourceVersion();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (Long.parseLong(informer.lastSyncResourceVersion()) < Long.parseLong(later)
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(Long.parseLong(informer.lastSyncResourceVersion()))
          .isGreaterThanOrEqualTo(Long.parseLong(later));
      assertThat(adds).hasValue(1);
      assertThat(updates).hasValue(0);
    }
  }

  @Test
  void aWatchThatDoesNotAllowThemGetsNone() throws Exception {
    BlockingQueue<JsonNode> events =
        watch(
            "/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=2&resourceVersion="
                + client
                    .configMaps()
                    .inNamespace("default")
                    .list()
                    .getMetadata()
                    .getResourceVersion());
    JsonNode first = events.poll(10, TimeUnit.SECONDS);
    assertThat(first.path("type").asText())
        .as("after six bookmark intervals the stream ends at its timeout with nothing sent")
        .isEqualTo("<end>");
  }

  private static JsonNode nextOfType(BlockingQueue<JsonNode> events, String type)
      throws InterruptedException {
    for (int i = 0; i < 20; i++) {
      JsonNode event = events.poll(10, TimeUnit.SECONDS);
      if (event == null || event.path("type").asText().equals(type)) {
        return event;
      }
    }
    return null;
  }

  private static BlockingQueue<JsonNode> watch(String path) throws Exception {
    BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    HttpResponse<java.io.InputStream> response =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(server.url().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  events.add(JSON.readTree(line));
                }
                events.add(JSON.createObjectNode().put("type", "<end>"));
              } catch (Exception e) {
                events.add(JSON.createObjectNode().put("type", "<error " + e + ">"));
              }
            });
    reader.setDaemon(true);
    reader.start();
    return events;
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToData("k", "v")
        .build();
  }
}
