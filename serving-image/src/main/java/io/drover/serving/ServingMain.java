package io.drover.serving;

import io.drover.serving.model.EarlyLoad;
import io.drover.serving.model.ModelService;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The packaged application's entry point. In model-server mode it starts loading the bundle (and
 * with it the inference engine: PyTorch's native library, DJL's engine) on a thread of its own
 * before Quarkus boots, so the two overlap: a server woken from zero answers its first request that
 * much sooner. The environment is read directly, before the configuration exists; {@code
 * ModelService} takes the result only when the configuration names the same bundle.
 */
@QuarkusMain
public final class ServingMain {

  public static void main(String... args) {
    // Read before the configuration exists: the variables, or their -D forms.
    String mode = setting("drover.mode", "DROVER_MODE");
    if (mode == null || mode.equals("server")) {
      String uri = setting("drover.model.uri", "DROVER_MODEL_URI");
      Path bundle = null;
      try {
        bundle = uri == null ? null : ModelService.bundlePath(uri);
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
