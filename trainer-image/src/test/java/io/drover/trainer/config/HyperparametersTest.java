package io.drover.trainer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.trainer.TrainerFailure;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperparametersTest {

  @Test
  void defaultsApplyWhenNothingIsGiven() {
    Hyperparameters defaults = Hyperparameters.parse(Map.of());

    assertThat(defaults.labelColumn()).isNull();
    assertThat(defaults.hiddenLayers()).containsExactly(64, 32);
    assertThat(defaults.epochs()).isEqualTo(100);
    assertThat(defaults.learningRate()).isEqualTo(0.001);
    assertThat(defaults.batchSize()).isEqualTo(32);
    assertThat(defaults.seed()).isEqualTo(42);
    assertThat(defaults.validationFraction()).isEqualTo(0.15);
    assertThat(defaults.testFraction()).isEqualTo(0.2);
    assertThat(defaults.earlyStoppingPatience()).isEqualTo(10);
  }

  @Test
  void givenValuesOverrideDefaultsAndAreRecordedInFull() {
    Hyperparameters parsed =
        Hyperparameters.parse(
            Map.of("hiddenLayers", " 128, 64 ,8", "epochs", "5", "labelColumn", "kind"));

    assertThat(parsed.hiddenLayers()).containsExactly(128, 64, 8);
    assertThat(parsed.asMap("kind"))
        .containsEntry("hiddenLayers", "128,64,8")
        .containsEntry("epochs", "5")
        .containsEntry("batchSize", "32")
        .containsEntry("labelColumn", "kind")
        .hasSize(Hyperparameters.DEFAULTS.size() + 1);
  }

  @Test
  void refusesValuesOutOfRange() {
    assertRefused(Map.of("epochs", "0"), "epochs must be at least 1");
    assertRefused(Map.of("testFraction", "1"), "testFraction must be between 0 and 1");
    assertRefused(
        Map.of("validationFraction", "0.5", "testFraction", "0.5"), "must leave rows to train on");
    assertRefused(
        Map.of("validationFraction", "0"), "earlyStoppingPatience needs a validation split");
    assertRefused(Map.of("learningRate", "-0.1"), "learningRate must be > 0");
    assertRefused(Map.of("hiddenLayers", "64,0"), "hiddenLayers=\"64,0\"");
    assertRefused(Map.of("batchSize", "32.5"), "batchSize=\"32.5\"", "a whole number");
  }

  private static void assertRefused(Map<String, String> given, String... fragments) {
    assertThatThrownBy(() -> Hyperparameters.parse(given))
        .isInstanceOf(TrainerFailure.class)
        .message()
        .contains(fragments);
  }
}
