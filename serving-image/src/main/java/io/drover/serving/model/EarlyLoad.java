package io.drover.serving.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The bundle's load, started by the entry point before Quarkus boots, so that the two overlap: the
 * inference engine (PyTorch's native library, DJL's engine) and the bundle take about as long as
 * the application's own boot, and a server woken from zero answers that much sooner. Without a
 * bundle named in the environment it starts the engine alone. {@link ModelService} takes the result
 * when its configuration names the same bundle, and loads it itself otherwise.
 */
public final class EarlyLoad {

  /** A load started early: the bundle, and the model or why it cannot be served. */
  private record Started(BundleSource bundle, CompletableFuture<Timed> result) {}

  /**
   * @param seconds how long the load took, test inference included
   */
  public record Timed(LoadedModel model, double seconds) {}

  private static volatile Started started;

  private EarlyLoad() {}

  /**
   * Starts loading on a daemon thread; once per process.
   *
   * @param bundle the bundle to load (fetched first when it is in object storage), or null to start
   *     only the engine
   */
  public static synchronized void start(BundleSource bundle) {
    if (started != null) {
      return;
    }
    CompletableFuture<Timed> result = new CompletableFuture<>();
    started = new Started(bundle, result);
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(bundle == null ? warmEngine() : timed(bundle));
              } catch (RuntimeException | LinkageError e) {
                result.completeExceptionally(e);
              }
            },
            "drover-early-load");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Fetches (when remote) and loads the bundle and times it, as {@link ModelService} reports it.
   */
  static Timed timed(BundleSource bundle) {
    long start = System.nanoTime();
    LoadedModel model = ModelLoader.load(bundle.directory());
    return new Timed(model, (System.nanoTime() - start) / 1e9);
  }

  private static Timed warmEngine() {
    ModelLoader.configureEngine();
    try (NDManager manager = Engine.getEngine(ModelLoader.ENGINE).newBaseManager()) {
      manager.create(new float[] {1f}).add(1f).toFloatArray();
    }
    return null;
  }

  /**
   * The early load of this bundle, waited for; empty when none was started for it (a started engine
   * warm-up is waited for first: two threads starting DJL's engine would each load it).
   *
   * @throws RuntimeException what the early load threw (an {@code InvalidBundleException} naming
   *     the bundle's problem, a {@code StorageException} naming why it could not be fetched, or the
   *     engine's failure)
   */
  static Optional<Timed> take(BundleSource bundle) {
    Started early = started;
    if (early == null) {
      return Optional.empty();
    }
    Timed timed;
    try {
      timed = early.result().join();
    } catch (CompletionException e) {
      if (!bundle.equals(early.bundle())) {
        return Optional.empty();
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw (Error) e.getCause();
    }
    return bundle.equals(early.bundle()) ? Optional.of(timed) : Optional.empty();
  }
}
