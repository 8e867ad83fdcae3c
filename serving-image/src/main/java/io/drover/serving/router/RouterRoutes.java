package io.drover.serving.router;

import io.drover.serving.ServingConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Router mode ({@code DROVER_MODE=router}): its own endpoints under {@code /router/}, Prometheus at
 * {@code /metrics}, and every other request proxied to a variant.
 */
@ApplicationScoped
public class RouterRoutes {

  private static final Logger LOG = Logger.getLogger(RouterRoutes.class);

  private final ServingConfig config;
  private final Vertx vertx;
  private final MeterRegistry registry;
  private final Instance<KubernetesClient> kubernetes;
  private AutoCloseable watcher;

  RouterRoutes(
      ServingConfig config,
      Vertx vertx,
      MeterRegistry registry,
      Instance<KubernetesClient> kubernetes) {
    this.config = config;
    this.vertx = vertx;
    this.registry = registry;
    this.kubernetes = kubernetes;
  }

  void register(@Observes Router router) {
    if (!"router".equals(config.mode())) {
      return;
    }
    ServingConfig.Router settings = config.router();
    RouterApp app =
        new RouterApp(
            vertx,
            registry,
            waker(settings),
            new RouterApp.Settings(
                settings.activationTimeout(),
                settings.backendTimeout(),
                settings.statsWindow(),
                settings.maxShadowsInFlight(),
                settings.agreementTolerance(),
                config.maxBodyBytes(),
                settings.feedbackIds(),
                config.http().readTimeout()));
    app.register(router);
    watcher = watch(settings, app.tables());
  }

  private AutoCloseable watch(ServingConfig.Router settings, TableHolder tables) {
    if (settings.config().isPresent()) {
      FileTableWatcher file = new FileTableWatcher(vertx, Path.of(settings.config().get()), tables);
      file.start();
      return file;
    }
    if (settings.configmap().isPresent()) {
      KubernetesClient client = kubernetes.get();
      String[] ref = reference(settings.configmap().get(), client);
      ConfigMapTableWatcher configMap = new ConfigMapTableWatcher(client, ref[0], ref[1], tables);
      configMap.start();
      return configMap;
    }
    LOG.error("router mode needs DROVER_ROUTER_CONFIG (a file) or DROVER_ROUTER_CONFIGMAP");
    Quarkus.asyncExit(1);
    return () -> {};
  }

  private Waker waker(ServingConfig.Router settings) {
    if (settings.inferenceService().isEmpty()) {
      return variant ->
          LOG.infof(
              "variant %s is down; no InferenceService is configured to wake it"
                  + " (DROVER_ROUTER_INFERENCE_SERVICE), so requests wait for it to come up",
              variant.name());
    }
    KubernetesClient client = kubernetes.get();
    String[] ref = reference(settings.inferenceService().get(), client);
    return new KubernetesWaker(client, ref[0], ref[1]);
  }

  /** {@code namespace/name}, or {@code name} in the client's (the pod's) namespace. */
  private static String[] reference(String text, KubernetesClient client) {
    int slash = text.indexOf('/');
    return slash < 0
        ? new String[] {client.getNamespace(), text}
        : new String[] {text.substring(0, slash), text.substring(slash + 1)};
  }

  void onStop(@Observes ShutdownEvent event) throws Exception {
    if (watcher != null) {
      watcher.close();
    }
  }
}
