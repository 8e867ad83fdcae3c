package io.drover.serving;

import io.drover.contract.StorageEnvironment;
import io.drover.serving.model.BundleSource;
import io.drover.serving.model.EarlyLoad;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.InvalidPathException;

/**
 * The packaged application's entry point. In model-server mode it starts loading the bundle (and
 * with it the inference engine: PyTorch's native library, DJL's engine) on a thread of its own
 * before Quarkus boots, so the two overlap: a server woken from zero answers its first request that
 * much sooner; a bundle in object storage is fetched on that thread too. The environment is read
 * directly, before the configuration exists; {@code ModelService} takes the result only when the
 * configuration names the same bundle.
 */
@QuarkusMain
public final class ServingMain {

  public static void main(String... args) {
    // Read before the configuration exists: the variables, or their -D forms.
    String mode = setting("drover.mode", "DROVER_MODE");
    if (mode == null || mode.equals("server")) {
      String uri = setting("drover.model.uri", "DROVER_MODEL_URI");
      BundleSource bundle = null;
      try {
        bundle =
            uri == null
                ? null
                : BundleSource.of(
                    uri,
                    setting("drover.bundle.digest", StorageEnvironment.BUNDLE_DIGEST),
                    setting("drover.bundle.cache", StorageEnvironment.BUNDLE_CACHE));
      } catch (InvalidPathException e) {
        // Not a path: ModelService says so once the application is up.
      }
      EarlyLoad.start(bundle);
    }
    Quarkus.run(args);
  }

  private static String setting(String property, String variable) {
    String value = System.getProperty(property, System.getenv(variable));
    return value == null || value.isBlank() ? null : value;
  }
}
