package io.drover.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.contract.serving.FeedbackDataset;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Test;

/** The server's settings say what the contract says: one name and one default for both. */
class FeedbackSettingsTest {

  @Test
  void settingNamesAndDefaultsMatchTheContract() throws NoSuchMethodException {
    // drover.feedback.dir and drover.feedback.rotate-rows, as environment variables.
    assertThat(FeedbackDataset.DIRECTORY_ENV).isEqualTo("DROVER_FEEDBACK_DIR");
    assertThat(FeedbackDataset.ROTATE_ROWS_ENV).isEqualTo("DROVER_FEEDBACK_ROTATE_ROWS");
    ServingConfig.Feedback.class.getMethod("dir");
    WithDefault rotate =
        ServingConfig.Feedback.class.getMethod("rotateRows").getAnnotation(WithDefault.class);
    assertThat(rotate.value()).isEqualTo(String.valueOf(FeedbackDataset.DEFAULT_ROTATE_ROWS));
  }
}
