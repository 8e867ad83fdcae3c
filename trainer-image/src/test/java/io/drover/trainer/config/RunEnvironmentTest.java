package io.drover.trainer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.contract.TrainerResult.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunEnvironmentTest {

  @Test
  void readsTheContract() {
    RunEnvironment env =
        RunEnvironment.from(
            Map.of(
                "DROVER_RUN", "iris-7",
                "DROVER_TRIAL", "3",
                "DROVER_HYPERPARAMETERS", "{\"epochs\": 50, \"hiddenLayers\": \"8\"}",
                "DROVER_DATASET_URI", "file:///data/iris.csv"));

    assertThat(env.mode()).isEqualTo("train");
    assertThat(env.modelVersion()).isEqualTo("iris-7-trial-3");
    assertThat(env.hyperparameters())
        .containsEntry("epochs", "50")
        .containsEntry("hiddenLayers", "8");
    assertThat(env.datasetPath()).isEqualTo(Path.of("/data/iris.csv"));
    assertThat(env.terminationLog()).isEqualTo(Path.of("/dev/termination-log"));
  }

  @Test
  void aSearchPodTrainsTheTrialAtItsCompletionIndex() {
    RunEnvironment env =
        RunEnvironment.from(
            Map.of(
                "DROVER_RUN", "iris-search",
                "DROVER_HYPERPARAMETERS", "{\"epochs\":\"50\",\"hiddenLayers\":\"8\"}",
                "DROVER_OUTPUT_URI", "/models/iris/iris-search",
                "DROVER_TRIALS",
                    "[{\"trial\":4,\"hyperparameters\":{\"learningRate\":\"0.1\"}},"
                        + "{\"trial\":5,\"hyperparameters\":{\"epochs\":\"9\"}}]",
                "JOB_COMPLETION_INDEX", "1"));

    assertThat(env.trial()).isEqualTo(5);
    assertThat(env.modelVersion()).isEqualTo("iris-search-trial-5");
    assertThat(env.hyperparameters())
        .as("the trial's values over the run's")
        .containsEntry("epochs", "9")
        .containsEntry("hiddenLayers", "8")
        .doesNotContainKey("learningRate");
    assertThat(env.outputUri()).isEqualTo("/models/iris/iris-search/trial-5");
  }

  @Test
  void aSearchPodWithoutItsIndexIsRefusedNamingTheVariable() {
    String trials = "[{\"trial\":0,\"hyperparameters\":{}}]";
    assertThatThrownBy(() -> RunEnvironment.from(Map.of("DROVER_TRIALS", trials)))
        .hasMessageContaining("JOB_COMPLETION_INDEX is not");
    assertThatThrownBy(
            () -> RunEnvironment.from(Map.of("DROVER_TRIALS", trials, "JOB_COMPLETION_INDEX", "3")))
        .hasMessageContaining("JOB_COMPLETION_INDEX=3 is outside DROVER_TRIALS");
  }

  @Test
  void refusesAnUnknownModeAndNestedHyperparameters() {
    assertThatThrownBy(() -> RunEnvironment.from(Map.of("DROVER_MODE", "serve")))
        .hasMessageContaining("DROVER_MODE=serve");
    assertThatThrownBy(
            () -> RunEnvironment.from(Map.of("DROVER_HYPERPARAMETERS", "{\"layers\": [1, 2]}")))
        .hasMessageContaining("layers must be a string");
  }

  @Test
  void refusesLocationsItCannotRead() {
    assertThatThrownBy(() -> ContainerPaths.resolve("DROVER_OUTPUT_URI", "http://host/model"))
        .hasMessageContaining("DROVER_OUTPUT_URI=http://host/model")
        .hasMessageContaining("http://");
    assertThatThrownBy(() -> ContainerPaths.resolve("DROVER_OUTPUT_URI", " "))
        .hasMessageContaining("DROVER_OUTPUT_URI is not set");
  }

  @Test
  void validationSettingsHaveDefaultsAndToleratesNewKeys() {
    List<String> warnings = new ArrayList<>();

    ValidationSettings settings =
        ValidationSettings.parse(
            "{\"requireNewData\": true, \"onShift\": \"Warn\", \"maxMissing\": 0.1}",
            warnings::add);

    assertThat(settings.requireNewData()).isTrue();
    assertThat(settings.shiftSignificance()).isEqualTo(0.01);
    assertThat(settings.onShift()).isEqualTo(Verdict.Warn);
    assertThat(warnings).singleElement().asString().contains("maxMissing");
    assertThat(ValidationSettings.parse(null, warnings::add))
        .isEqualTo(ValidationSettings.DEFAULTS);
  }

  @Test
  void validationSettingsRefuseNonsense() {
    assertThatThrownBy(() -> ValidationSettings.parse("{\"onShift\": \"Ignore\"}", w -> {}))
        .hasMessageContaining("DROVER_VALIDATION onShift must be Fail or Warn");
    assertThatThrownBy(() -> ValidationSettings.parse("{\"shiftSignificance\": 5}", w -> {}))
        .hasMessageContaining("shiftSignificance must be between 0 and 1");
  }
}
