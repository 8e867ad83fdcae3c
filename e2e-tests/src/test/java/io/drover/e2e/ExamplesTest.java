package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.e2e.support.Crds;
import io.drover.e2e.support.Repo;
import io.drover.e2e.support.Yamls;
import io.drover.local.api.admission.AdmissionException;
import io.drover.local.api.admission.AdmissionResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example in manifests/examples (and the demo's) is admitted by our CRDs as kube-apiserver
 * admits it under {@code kubectl apply}'s strict field validation: no refusal, no warning.
 */
class ExamplesTest {

  /** The examples, and the demo's YAML that ./drover demo applies. */
  static Stream<Path> examples() {
    return Stream.concat(
        Crds.files(Repo.MANIFESTS.resolve("examples")).stream(),
        Crds.files(Repo.MANIFESTS.resolve("examples/demo")).stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleIsValidAgainstItsCrd(Path file) {
    List<Map<String, Object>> objects = Yamls.parseAll(file);

    assertThat(objects).as("objects in %s", file.getFileName()).isNotEmpty();
    for (Map<String, Object> obj : objects) {
      String what = "%s %s in %s".formatted(Yamls.kind(obj), Yamls.name(obj), file.getFileName());
      AdmissionResult admitted;
      try {
        admitted = Crds.admit(obj);
      } catch (AdmissionException e) {
        throw new AssertionError(what + " is refused: " + e.getMessage(), e);
      }
      assertThat(admitted.warnings()).as("warnings kubectl would print for %s", what).isEmpty();
      assertThat(obj)
          .as("examples carry no status: the operator writes it")
          .doesNotContainKey("status");
    }
  }

  @Test
  void examplesCoverEveryKindAndTheFeaturesTheReadmePromises() {
    List<Map<String, Object>> all = examples().flatMap(f -> Yamls.parseAll(f).stream()).toList();

    assertThat(all)
        .extracting(Yamls::kind)
        .contains("TrainingRun", "ModelVersion", "InferenceService");
    assertThat(all)
        .as("a GPU run admitted through Kueue")
        .anySatisfy(
            o -> {
              assertThat((Object) Yamls.at(o, "spec.resources.gpus")).isEqualTo(1);
              assertThat((Object) Yamls.at(o, "spec.queueName")).isNotNull();
              assertThat(Yamls.list(o, "spec.tolerations"))
                  .anySatisfy(t -> assertThat(t).containsEntry("key", "nvidia.com/gpu"));
            });
    assertThat(all)
        .as("an iris run on pvc://datasets/iris.csv")
        .anySatisfy(
            o -> {
              assertThat((Object) Yamls.at(o, "spec.dataset.uri"))
                  .isEqualTo("pvc://datasets/iris.csv");
              assertThat((Map<String, Object>) Yamls.at(o, "spec.hyperparameters"))
                  .containsEntry("hiddenLayers", "16,16")
                  .containsEntry("labelColumn", "species")
                  .containsKeys("epochs", "learningRate", "seed");
            });
    assertThat(all)
        .as("a canary InferenceService that scales to zero")
        .anySatisfy(
            o -> {
              assertThat((Object) Yamls.at(o, "spec.rollout.strategy")).isEqualTo("Canary");
              assertThat((Object) Yamls.at(o, "spec.scaling.minReplicas")).isEqualTo(0);
            });
  }
}
