package io.drover.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches as clients use them: a Fabric8 informer (websocket), raw websocket and HTTP streams,
 * resuming from a resource version, and selectors on watches.
 */
class WatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;
  private static LocalApiServer server;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = LocalApiServer.start(LocalApiOptions.of(home));
    client = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anInformerSeesAddsUpdatesAndDeletes() {
    List<String> seen = new CopyOnWriteArrayList<>();
    SharedIndexInformer<ConfigMap> informer =
        client
            .configMaps()
            .inNamespace("default")
            .withLabel("watched", "informer")
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap map) {
                    seen.add("add " + map.getMetadata().getName());
                  }

                  @Override
                  public void onUpdate(ConfigMap before, ConfigMap after) {
                    seen.add("update " + after.getMetadata().getName() + " " + after.getData());
                  }

                  @Override
                  public void onDelete(ConfigMap map, boolean unknownFinalState) {
                    seen.add("delete " + map.getMetadata().getName());
                  }
                },
                0);
    try {
      client.configMaps().resource(configMap("informed", "informer", "1")).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("add informed"));
      client
          .configMaps()
          .withName("informed")
          .edit(
              c -> {
                c.getData().put("value", "2");
                return c;
              });
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> seen.contains("update informed {value=2}"));
      client.configMaps().withName("informed").delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("delete informed"));
      assertThat(seen)
          .containsExactly("add informed", "update informed {value=2}", "delete informed");
    } finally {
      informer.close();
    }
  }

  @Test
  void aWebsocketWatchFromAResourceVersionGetsOnlyLaterChanges() throws Exception {
    client.configMaps().resource(configMap("before-1", "socket", "1")).create();
    client.configMaps().resource(configMap("before-2", "socket", "1")).create();
    String version =
        client
            .configMaps()
            .withLabel("watched", "socket")
            .list()
            .getMetadata()
            .getResourceVersion();
    BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                URI.create(
                    "ws://127.0.0.1:"
                        + server.url().getPort()
                        + "/api/v1/namespaces/default/configmaps?watch=true&labelSelector=watched%3Dsocket&resourceVersion="
                        + version),
                new WebSocket.Listener() {
                  private final StringBuilder text = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                      events.add(parse(text.toString()));
                      text.setLength(0);
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    try {
      client.configMaps().resource(configMap("after", "socket", "1")).create();
      JsonNode first = events.poll(10, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(first.path("type").asText()).isEqualTo("ADDED");
      assertThat(first.path("object").path("metadata").path("name").asText())
          .as("objects older than the resource version are not replayed")
          .isEqualTo("after");
      assertThat(events.poll(300, TimeUnit.MILLISECONDS)).isNull();
    } finally {
      socket.abort();
    }
  }

  @Test
  void anHttpWatchStreamsChunksHonoursSelectorsAndEndsAtItsTimeout() throws Exception {
    client.configMaps().resource(configMap("streamed", "stream", "1")).create();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpResponse<java.io.InputStream> response =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(
                        server
                            .url()
                            .resolve(
                                "/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=3"
                                    + "&labelSelector=watched%20in%20(stream)"))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
                lines.add("<end>");
              } catch (Exception e) {
                lines.add("<error " + e + ">");
              }
            });
    reader.start();
    JsonNode initial = parse(lines.poll(10, TimeUnit.SECONDS));
    assertThat(initial.path("type").asText())
        .as("a watch without resourceVersion starts with the current objects")
        .isEqualTo("ADDED");
    assertThat(initial.path("object").path("metadata").path("name").asText()).isEqualTo("streamed");

    client
        .configMaps()
        .withName("streamed")
        .edit(
            c -> {
              c.getMetadata().getLabels().put("watched", "elsewhere");
              return c;
            });
    JsonNode left = parse(lines.poll(10, TimeUnit.SECONDS));
    assertThat(left.path("type").asText())
        .as("an object whose labels leave the selector is DELETED for this watch")
        .isEqualTo("DELETED");
    assertThat(lines.poll(10, TimeUnit.SECONDS))
        .as("timeoutSeconds ends the stream")
        .isEqualTo("<end>");
  }

  @Test
  void aWatchWithNothingToSendAnswersItsHeadersAtOnce() throws Exception {
    var response =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .sendAsync(
                HttpRequest.newBuilder(
                        server
                            .url()
                            .resolve(
                                "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=60"
                                    + "&labelSelector=watched%3Dnothing"))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    // kubectl's watch call returns with the headers; kubectl delete --wait cannot finish before.
    assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    response.get().body().close();
  }

  private static ConfigMap configMap(String name, String label, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("watched", label)
        .endMetadata()
        .addToData("value", value)
        .build();
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
