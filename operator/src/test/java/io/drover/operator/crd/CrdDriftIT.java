package io.drover.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed CRDs (crds/ and the chart's copy) must equal a fresh generation from the API
 * classes. Runs after packaging, when Quarkus has generated them into target/kubernetes.
 */
class CrdDriftIT {

  static final String FIX =
      "./mvnw -B -pl contract,operator -am verify -DskipUnitTests -Ddrover.update-crds=true";
  static final Path GENERATED = Path.of("target", "kubernetes");
  static final List<Path> COMMITTED =
      List.of(
          Path.of("..", "crds"),
          Path.of("..", "helm", "drover", "crds"),
          Path.of("..", "manifests", "install", "crds"));
  static final boolean UPDATE = Boolean.getBoolean("drover.update-crds");

  @ParameterizedTest
  @ValueSource(strings = {"trainingruns", "modelversions", "inferenceservices"})
  void committedCrdEqualsFreshGeneration(String plural) throws IOException {
    String expected = CrdNormalizer.normalize(generated(plural), kind(plural));
    for (Path folder : COMMITTED) {
      Path committed = folder.resolve(plural + ".drover.io.yaml");
      if (UPDATE) {
        Files.createDirectories(folder);
        Files.writeString(committed, expected);
      }
      assertThat(Files.exists(committed) ? Files.readString(committed) : "")
          .as(
              "%s differs from the CRD generated from the API classes; regenerate with:%n  %s",
              committed, FIX)
          .isEqualTo(expected);
    }
  }

  private static CustomResourceDefinition generated(String plural) throws IOException {
    try (InputStream in = Files.newInputStream(GENERATED.resolve(plural + ".drover.io-v1.yml"))) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
  }

  private static Class<? extends HasMetadata> kind(String plural) {
    return switch (plural) {
      case "trainingruns" -> TrainingRun.class;
      case "modelversions" -> ModelVersion.class;
      default -> InferenceService.class;
    };
  }
}
