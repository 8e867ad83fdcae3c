package io.drover.serving.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.contract.bundle.InvalidBundleException;
import io.drover.contract.bundle.ModelBundles;
import io.drover.serving.TestBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle that cannot be served is refused with a message naming what is wrong. */
class ModelLoaderTest {

  @TempDir Path temp;

  @Test
  void aMissingDirectoryIsNamed() {
    assertThatThrownBy(() -> ModelLoader.load(temp.resolve("absent")))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("absent is not a directory");
  }

  @Test
  void anUnsupportedFormatIsNamedWithTheSupportedOnes() throws IOException {
    Path bundle = copyWithManifest(m -> m.replace("\"drover-mlp\"", "\"onnx\""));
    assertThatThrownBy(() -> ModelLoader.load(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("model format onnx is not supported")
        .hasMessageContaining("drover-mlp, torchscript");
  }

  @Test
  void anArchitectureThatDisagreesWithTheFeaturesIsRefused() throws IOException {
    Path bundle = copyWithManifest(m -> m.replace("\"inputs\" : 4", "\"inputs\" : 5"));
    assertThatThrownBy(() -> ModelLoader.load(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("reads 5 inputs")
        .hasMessageContaining("4 features");
  }

  @Test
  void weightsThatDoNotFitTheArchitectureAreRefused() throws IOException {
    Path bundle = copyWithManifest(m -> m.replace("\"hidden\" : [ 16, 16 ]", "\"hidden\" : [ 8 ]"));
    assertThatThrownBy(() -> ModelLoader.load(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("linear layer 1 has shape (16, 4), not (8, 4)");
  }

  @Test
  void missingWeightsAreNamed() throws IOException {
    Path bundle = copyWithManifest(m -> m);
    try (Stream<Path> files = Files.list(bundle)) {
      for (Path params : files.filter(p -> p.toString().endsWith(".params")).toList()) {
        Files.delete(params);
      }
    }
    assertThatThrownBy(() -> ModelLoader.load(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("is missing");
  }

  private Path copyWithManifest(java.util.function.UnaryOperator<String> edit) throws IOException {
    Path source = TestBundles.iris();
    Path bundle = Files.createDirectories(temp.resolve("bundle"));
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        Files.copy(file, bundle.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path manifest = bundle.resolve(ModelBundles.MANIFEST_FILE);
    Files.writeString(manifest, edit.apply(Files.readString(manifest)));
    return bundle;
  }
}
