package io.drover.serving.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import io.drover.contract.bundle.InvalidBundleException;
import io.drover.contract.bundle.MlpNetwork;
import io.drover.contract.bundle.ModelBundles;
import io.drover.contract.bundle.ModelManifest;
import io.drover.contract.bundle.ModelManifest.Architecture;
import io.drover.contract.bundle.TrainingBaseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a bundle directory and builds its classifier. Plain Java (no CDI), so the in-process
 * benchmark and the tests load models exactly as the server does.
 */
public final class ModelLoader {

  public static final String ENGINE = "PyTorch";
  private static final Pattern MLP_WEIGHTS = Pattern.compile("(.+)-(\\d{4})\\.params");
  private static final Pattern TORCHSCRIPT_WEIGHTS = Pattern.compile("(.+)\\.pt");

  private ModelLoader() {}

  /**
   * Before anything touches DJL: never download (the image carries the natives), and one PyTorch
   * thread each: the event loops already give one request per core, and more intra-op threads only
   * contend for the same cores. {@code -D} flags override either.
   */
  public static void configureEngine() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", "1");
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
  }

  /**
   * @throws InvalidBundleException naming the bundle and what is wrong: missing files, an
   *     unsupported format, weights that do not fit the architecture
   */
  public static LoadedModel load(Path bundle) {
    configureEngine();
    if (!Files.isDirectory(bundle)) {
      throw new InvalidBundleException(bundle + " is not a directory holding a model bundle");
    }
    ModelManifest manifest = ModelBundles.readManifest(bundle);
    ModelFormat format =
        ModelFormat.of(manifest.format())
            .orElseThrow(
                () ->
                    new InvalidBundleException(
                        "%s: model format %s is not supported by this server; it serves %s"
                            .formatted(bundle, manifest.format(), ModelFormat.supported())));
    Architecture architecture = manifest.architecture();
    int features = manifest.input().features().size();
    int labels = manifest.output().labels().size();
    if (architecture.inputs() != features || architecture.outputs() != labels) {
      throw new InvalidBundleException(
          "%s: the architecture reads %d inputs and writes %d outputs, but the manifest lists %d features and %d labels"
              .formatted(bundle, architecture.inputs(), architecture.outputs(), features, labels));
    }
    String kind = manifest.output().kind() == null ? "logits" : manifest.output().kind();
    if (!kind.equals("logits") && !kind.equals("probabilities")) {
      throw new InvalidBundleException(
          "%s: output kind %s is neither logits nor probabilities".formatted(bundle, kind));
    }
    TrainingBaseline baseline =
        Files.isRegularFile(bundle.resolve(ModelBundles.BASELINE_FILE))
            ? ModelBundles.readBaseline(bundle)
            : null;
    Model model = Model.newInstance(manifest.name(), Engine.getEngine(ENGINE).defaultDevice());
    try {
      switch (format) {
        case DROVER_MLP -> loadMlp(bundle, manifest, model);
        case TORCHSCRIPT -> loadTorchScript(bundle, manifest, model);
      }
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      if (e instanceof InvalidBundleException invalid) {
        throw invalid;
      }
      throw new InvalidBundleException(
          "%s: cannot load %s as %s: %s"
              .formatted(bundle, manifest.weights(), manifest.format(), e.getMessage()),
          e);
    }
    Classifier classifier =
        new Classifier(
            FeatureScaler.of(manifest.input().features()),
            new DjlNetwork(model, labels),
            manifest.output().labels(),
            kind.equals("logits"));
    checkAnswers(bundle, classifier, features, labels);
    return new LoadedModel(
        bundle,
        manifest,
        format,
        baseline,
        classifier,
        weightsDigest(bundle, manifest, classifier));
  }

  /**
   * One forward pass before serving: the first call initializes PyTorch's kernels, and a model that
   * loads but cannot answer with one output per label must never receive traffic.
   */
  private static void checkAnswers(Path bundle, Classifier classifier, int features, int labels) {
    try {
      Prediction prediction = classifier.predict(new double[2][features]);
      if (prediction.rows() != 2 || prediction.probabilities()[0].length != labels) {
        throw new IllegalStateException("it answered the wrong shape");
      }
    } catch (RuntimeException e) {
      classifier.close();
      throw new InvalidBundleException(
          "%s: the model fails a test inference on %d features: %s"
              .formatted(bundle, features, e.getMessage()),
          e);
    }
  }

  private static String weightsDigest(Path bundle, ModelManifest manifest, Classifier classifier) {
    try {
      return "sha256:" + ModelBundles.sha256Hex(bundle.resolve(manifest.weights()));
    } catch (IOException e) {
      classifier.close();
      throw new InvalidBundleException(
          "%s: cannot read the weights file %s: %s"
              .formatted(bundle, manifest.weights(), e.getMessage()),
          e);
    }
  }

  private static void loadMlp(Path bundle, ModelManifest manifest, Model model)
      throws IOException, MalformedModelException {
    Matcher weights = weightsFile(bundle, manifest, MLP_WEIGHTS, "<prefix>-<epoch>.params");
    model.setBlock(MlpNetwork.build(manifest.architecture()));
    model.load(bundle, weights.group(1), Map.of("epoch", weights.group(2)));
    checkLayerShapes(bundle, manifest, model.getBlock());
  }

  /**
   * DJL takes each parameter's shape from the file, not from the block, so weights of another
   * architecture can load without complaint; compare every linear layer with the manifest.
   */
  private static void checkLayerShapes(Path bundle, ModelManifest manifest, Block network) {
    List<Shape> expected = MlpNetwork.weightShapes(manifest.architecture());
    int layer = 0;
    for (Block child : network.getChildren().values()) {
      if (!(child instanceof Linear)) {
        continue;
      }
      Shape actual = child.getParameters().get("weight").getArray().getShape();
      if (!expected.get(layer).equals(actual)) {
        throw new InvalidBundleException(
            "%s: the weights in %s do not fit the architecture: linear layer %d has shape %s, not %s"
                .formatted(bundle, manifest.weights(), layer + 1, actual, expected.get(layer)));
      }
      layer++;
    }
  }

  private static void loadTorchScript(Path bundle, ModelManifest manifest, Model model)
      throws IOException, MalformedModelException {
    Matcher weights = weightsFile(bundle, manifest, TORCHSCRIPT_WEIGHTS, "<name>.pt");
    // No block set: DJL's PyTorch engine then reads the file as a TorchScript module.
    model.load(bundle, weights.group(1), Map.of("mapLocation", "true"));
  }

  private static Matcher weightsFile(
      Path bundle, ModelManifest manifest, Pattern pattern, String expected) {
    Matcher weights = pattern.matcher(manifest.weights());
    if (!weights.matches() || !Files.isRegularFile(bundle.resolve(manifest.weights()))) {
      throw new InvalidBundleException(
          "%s: weights file %s is missing or not named %s"
              .formatted(bundle, manifest.weights(), expected));
    }
    return weights;
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
