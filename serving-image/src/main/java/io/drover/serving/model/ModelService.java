package io.drover.serving.model;

import io.drover.contract.bundle.InvalidBundleException;
import io.drover.contract.bundle.ModelManifest;
import io.drover.contract.serving.FeedbackDataset;
import io.drover.serving.ServingConfig;
import io.drover.serving.feedback.FeedbackSink;
import io.drover.serving.feedback.FeedbackStore;
import io.drover.serving.feedback.ObjectFeedbackStore;
import io.drover.serving.monitoring.ModelMonitor;
import io.drover.serving.monitoring.RequestMetrics;
import io.drover.serving.protocol.InputSpec;
import io.drover.storage.ObjectStore;
import io.drover.storage.StorageException;
import io.drover.storage.StorageLocation;
import io.drover.storage.StorageSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
  // Completes once, when the model is served: inference that arrives while it loads waits on it.
  private final CompletableFuture<ServedModel> loaded = new CompletableFuture<>();

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
      if (current.monitor().store() != null) {
        current.monitor().store().close();
      }
    }
  }

  /**
   * Where labelled rows are persisted, when {@code DROVER_FEEDBACK_DIR} names a directory or an
   * {@code s3://} prefix.
   */
  private FeedbackSink feedbackStore(ModelManifest manifest) {
    String directory = config.feedback().dir().filter(d -> !d.isBlank()).orElse(null);
    if (directory == null) {
      return null;
    }
    String host = System.getenv("HOSTNAME");
    String writer = FeedbackDataset.writerId(Instant.now(), host, ProcessHandle.current().pid());
    String labelColumn =
        manifest.output().labelColumn() == null ? "label" : manifest.output().labelColumn();
    int width = manifest.input().names().size();
    StorageLocation location = StorageLocation.parse(FeedbackDataset.DIRECTORY_ENV, directory);
    LOG.infof(
        "persisting labelled feedback rows to %s as writer %s, %d rows a file%s; pending"
            + " predictions hold their features: up to %.1f MiB",
        directory,
        writer,
        config.feedback().rotateRows(),
        location.isObjectStore()
            ? ", uploaded every %d s, at most %d rows buffered"
                .formatted(config.feedback().flushSeconds(), config.feedback().bufferRows())
            : "",
        config.feedback().pendingRows() * (double) width * Double.BYTES / (1 << 20));
    if (location.isObjectStore()) {
      return new ObjectFeedbackStore(
          ObjectStore.connect(StorageSettings.fromEnvironment()),
          location,
          writer,
          manifest.input().names(),
          labelColumn,
          config.feedback().rotateRows(),
          config.feedback().bufferRows(),
          Duration.ofSeconds(config.feedback().flushSeconds()));
    }
    return new FeedbackStore(
        location.path(),
        writer,
        manifest.input().names(),
        labelColumn,
        config.feedback().rotateRows());
  }

  /** The model, or {@code null} while it is loading. */
  public ServedModel served() {
    return served;
  }

  /**
   * Completes when the model is served (never, when it cannot be: the process then exits). A
   * request that arrives while the model loads waits on it rather than being answered with an
   * error.
   */
  public CompletionStage<ServedModel> loaded() {
    return loaded;
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
    if (config.feedback().rotateRows() < 1) {
      LOG.errorf(
          "%s=%d: a feedback file needs room for at least 1 row",
          FeedbackDataset.ROTATE_ROWS_ENV, config.feedback().rotateRows());
      Quarkus.asyncExit(1);
      return;
    }
    try {
      served = load(bundleSource(uri, config));
      loaded.complete(served);
    } catch (InvalidBundleException | StorageException e) {
      LOG.errorf("cannot serve the model: %s", e.getMessage());
      Quarkus.asyncExit(1);
    } catch (RuntimeException | LinkageError e) {
      LOG.error("cannot serve the model: the engine failed to load it", e);
      Quarkus.asyncExit(1);
    }
  }

  /** The bundle {@code DROVER_MODEL_URI} names, with its expected digest and cache directory. */
  public static BundleSource bundleSource(String uri, ServingConfig config) {
    return BundleSource.of(
        uri, config.bundle().digest().orElse(null), config.bundle().cache().orElse(null));
  }

  private ServedModel load(BundleSource source) {
    // Started by the entry point while Quarkus booted, when the environment named this bundle.
    EarlyLoad.Timed timed = EarlyLoad.take(source).orElseGet(() -> EarlyLoad.timed(source));
    LoadedModel model = timed.model();
    Path bundle = model.bundle();
    ModelManifest manifest = model.manifest();
    double seconds = timed.seconds();
    String name = config.model().name().filter(n -> !n.isBlank()).orElse(manifest.name());
    String version = manifest.version() == null ? "1" : manifest.version();
    FeedbackSink store = feedbackStore(manifest);
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
            registry,
            store);
    InputSpec input =
        new InputSpec(InputSpec.DEFAULT_TENSOR, manifest.input().names(), config.maxBatchRows());
    LOG.infof(
        "serving %s version %s (%s, %d features, labels %s) from %s%s as %s; loaded in %.2f s",
        manifest.name(),
        version,
        manifest.format(),
        input.width(),
        manifest.output().labels(),
        bundle,
        source.isObjectStore() ? " (" + source.uri() + ")" : "",
        name,
        seconds);
    return new ServedModel(name, version, model, input, monitor);
  }
}
