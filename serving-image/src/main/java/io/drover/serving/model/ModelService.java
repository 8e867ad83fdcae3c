package io.drover.serving.model;

import io.drover.contract.bundle.InvalidBundleException;
import io.drover.contract.bundle.ModelManifest;
import io.drover.serving.ServingConfig;
import io.drover.serving.monitoring.ModelMonitor;
import io.drover.serving.monitoring.RequestMetrics;
import io.drover.serving.protocol.InputSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Loads the bundle in the background when the application starts, so that liveness answers at once
 * and readiness turns true only after the model is loaded and one warm-up inference has run. A
 * bundle that cannot be served stops the process with exit code 1 and a log line saying why: a pod
 * that can never become ready should say so rather than wait.
 */
@ApplicationScoped
public class ModelService {

  private static final Logger LOG = Logger.getLogger(ModelService.class);

  private final ServingConfig config;
  private final MeterRegistry registry;
  private final RequestMetrics requests;
  private volatile ServedModel served;

  ModelService(ServingConfig config, MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
    this.requests = new RequestMetrics(registry);
  }

  void onStart(@Observes StartupEvent event) {
    if (!"server".equals(config.mode())) {
      return;
    }
    Thread loader = new Thread(this::loadOrExit, "drover-model-loader");
    loader.setDaemon(true);
    loader.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    ServedModel current = served;
    if (current != null) {
      served = null;
      current.model().close();
    }
  }

  /** The model, or {@code null} while it is loading. */
  public ServedModel served() {
    return served;
  }

  public RequestMetrics requests() {
    return requests;
  }

  private void loadOrExit() {
    String uri = config.model().uri().orElse(null);
    if (uri == null || uri.isBlank()) {
      LOG.error("DROVER_MODEL_URI is not set: name the model bundle directory to serve");
      Quarkus.asyncExit(1);
      return;
    }
    try {
      served = load(Path.of(uri.startsWith("file:") ? uri.substring("file:".length()) : uri));
    } catch (InvalidBundleException e) {
      LOG.errorf("cannot serve the model: %s", e.getMessage());
      Quarkus.asyncExit(1);
    } catch (RuntimeException | LinkageError e) {
      LOG.error("cannot serve the model: the engine failed to load it", e);
      Quarkus.asyncExit(1);
    }
  }

  private ServedModel load(Path bundle) {
    long start = System.nanoTime();
    LoadedModel model = ModelLoader.load(bundle);
    ModelManifest manifest = model.manifest();
    double seconds = (System.nanoTime() - start) / 1e9;
    String name = config.model().name().filter(n -> !n.isBlank()).orElse(manifest.name());
    String version = manifest.version() == null ? "1" : manifest.version();
    ModelMonitor monitor =
        new ModelMonitor(
            model,
            seconds,
            new ModelMonitor.MonitoringSettings(
                config.monitoring().windowRows(),
                config.monitoring().minRows(),
                config.feedback().pendingRows(),
                config.feedback().windowRows()),
            requests,
            registry);
    InputSpec input =
        new InputSpec(InputSpec.DEFAULT_TENSOR, manifest.input().names(), config.maxBatchRows());
    LOG.infof(
        "serving %s version %s (%s, %d features, labels %s) from %s as %s; loaded in %.2f s",
        manifest.name(),
        version,
        manifest.format(),
        input.width(),
        manifest.output().labels(),
        bundle,
        name,
        seconds);
    return new ServedModel(name, version, model, input, monitor);
  }
}
