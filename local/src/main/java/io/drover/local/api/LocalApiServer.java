package io.drover.local.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.gc.GarbageCollector;
import io.drover.local.api.http.ApiHttpServer;
import io.drover.local.api.object.Json;
import io.drover.local.api.resource.ResourceRegistry;
import io.drover.local.api.resource.ResourceType;
import io.drover.local.api.status.ApiException;
import io.drover.local.api.store.ObjectStore;
import io.drover.local.api.store.StateFile;
import io.drover.local.api.watch.WatchHub;
import io.drover.local.api.write.CustomResourceAdmission;
import io.drover.local.api.write.ObjectDeleter;
import io.drover.local.api.write.ObjectWriter;
import io.drover.local.api.write.WriteOptions;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drover's local Kubernetes API: an object store keyed by kind, namespace and name behind a Vert.x
 * front that behaves like a real API server wherever kubectl, Fabric8 clients and users can tell —
 * discovery, server-side printing, OpenAPI, streaming and websocket watches, real write semantics
 * (merge patches, conflicts, generation, status subresource, admission), namespaces, finalizers,
 * garbage collection, logs — and keeps its objects across restarts under {@code <home>/state/}.
 *
 * <p>{@code ./drover local start} runs it; tests start one in a temporary home.
 */
public final class LocalApiServer implements AutoCloseable {

  /** The namespaces a real cluster starts with. */
  private static final List<String> INITIAL_NAMESPACES =
      List.of("default", "kube-system", "kube-public", "kube-node-lease");

  private static final int WATCH_HISTORY = 10_000;

  private final Path home;
  private final Vertx vertx;
  private final ObjectStore store;
  private final GarbageCollector collector;
  private final StatePersistence persistence;
  private final ApiHttpServer http;
  private final URI url;
  private KubernetesClient client;

  private LocalApiServer(
      Path home,
      Vertx vertx,
      ObjectStore store,
      GarbageCollector collector,
      StatePersistence persistence,
      ApiHttpServer http,
      URI url) {
    this.home = home;
    this.vertx = vertx;
    this.store = store;
    this.collector = collector;
    this.persistence = persistence;
    this.http = http;
    this.url = url;
  }

  /** Loads the saved state, binds, and writes {@code <home>/kubeconfig}. */
  public static LocalApiServer start(LocalApiOptions options) {
    Clock clock = Clock.systemUTC();
    Path home = options.home().toAbsolutePath();
    ResourceRegistry registry = new ResourceRegistry();
    WatchHub hub = new WatchHub(WATCH_HISTORY);
    ObjectStore store = new ObjectStore(hub);
    ReentrantLock writeLock = new ReentrantLock();
    StatePersistence persistence =
        new StatePersistence(
            store, registry, writeLock, new StateFile(home.resolve("state")), options.saveDelay());
    persistence.restore();
    hub.startAt(store.resourceVersion());

    CustomResourceAdmission admission = new CustomResourceAdmission(registry);
    ObjectWriter writer = new ObjectWriter(store, registry, admission, writeLock, clock);
    ObjectDeleter deleter = new ObjectDeleter(store, hub, registry, writeLock, clock, writer);
    createInitialNamespaces(registry, store, writer);
    GarbageCollector collector = new GarbageCollector(store, hub, registry, writer, deleter);
    hub.observe(collector);
    hub.observe(persistence);

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(8));
    ApiHttpServer http;
    try {
      http =
          ApiHttpServer.start(
              vertx,
              options.host(),
              options.port(),
              registry,
              store,
              hub,
              writer,
              deleter,
              home.resolve("logs"),
              clock,
              options.bookmarkEvery());
    } catch (RuntimeException e) {
      collector.close();
      persistence.close();
      store.close();
      vertx.close();
      throw e;
    }
    URI url = URI.create("http://" + options.host() + ":" + http.port());
    Kubeconfig.write(home.resolve("kubeconfig"), url);
    collector.schedule();
    return new LocalApiServer(home, vertx, store, collector, persistence, http, url);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI url() {
    return url;
  }

  /** {@code <home>/kubeconfig}: this server, namespace {@code default}. */
  public Path kubeconfig() {
    return home.resolve("kubeconfig");
  }

  /** A Fabric8 client of this server for in-process use, closed with the server. */
  public synchronized KubernetesClient client() {
    if (client == null) {
      Config config =
          new ConfigBuilder(Config.empty())
              .withMasterUrl(url.toString())
              .withNamespace("default")
              .build();
      client = new KubernetesClientBuilder().withConfig(config).build();
    }
    return client;
  }

  /** Stops serving and saves the state. */
  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    }
    http.close();
    collector.close();
    persistence.close();
    store.close();
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  private static void createInitialNamespaces(
      ResourceRegistry registry, ObjectStore store, ObjectWriter writer) {
    ResourceType namespaces = registry.find("", "v1", "namespaces").orElseThrow();
    for (String name : INITIAL_NAMESPACES) {
      if (store.get(namespaces, null, name).isEmpty()) {
        ObjectNode namespace = Json.MAPPER.createObjectNode();
        namespace.put("apiVersion", "v1").put("kind", "Namespace");
        namespace.putObject("metadata").put("name", name);
        try {
          writer.create(namespaces, null, namespace, WriteOptions.defaults());
        } catch (ApiException e) {
          if (e.code() != 409) {
            throw e;
          }
        }
      }
    }
  }
}
