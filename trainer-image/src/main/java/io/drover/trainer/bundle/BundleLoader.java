package io.drover.trainer.bundle;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import io.drover.contract.bundle.InvalidBundleException;
import io.drover.contract.bundle.MlpNetwork;
import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.bundle.ModelManifest;
import io.drover.trainer.train.MlpTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rebuilds a bundle's network from its manifest and loads the weights into it. */
public final class BundleLoader {

  private static final Pattern WEIGHTS = Pattern.compile("(.+)-(\\d{4})\\.params");

  private BundleLoader() {}

  /** The model, on the engine's default device (a GPU when there is one); close it. */
  public static Model load(Path bundle, ModelManifest manifest) {
    if (!ModelBundles.FORMAT_MLP.equals(manifest.format())) {
      throw new InvalidBundleException(
          "%s: format %s is not %s, the format this trainer evaluates"
              .formatted(bundle, manifest.format(), ModelBundles.FORMAT_MLP));
    }
    Matcher weights = WEIGHTS.matcher(manifest.weights());
    if (!weights.matches() || !Files.isRegularFile(bundle.resolve(manifest.weights()))) {
      throw new InvalidBundleException(
          "%s: weights file %s is missing or not named <prefix>-<epoch>.params"
              .formatted(bundle, manifest.weights()));
    }
    Engine engine = Engine.getEngine(MlpTrainer.ENGINE);
    Model model = Model.newInstance(manifest.name(), engine.defaultDevice(), MlpTrainer.ENGINE);
    try {
      model.setBlock(MlpNetwork.build(manifest.architecture()));
      model.load(bundle, weights.group(1), Map.of("epoch", weights.group(2)));
      return model;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      if (e instanceof InvalidBundleException invalid) {
        throw invalid;
      }
      throw new InvalidBundleException(
          "%s: the weights in %s do not fit the manifest's architecture: %s"
              .formatted(bundle, manifest.weights(), e.getMessage()),
          e);
    }
  }
}
