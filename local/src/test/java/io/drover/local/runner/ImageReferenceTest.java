package io.drover.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
  @Test
  void tagsAndDigestsAreIgnoredButRegistryPortsKept() {
    assertThat(ImageReference.repositoryOf("ghcr.io/drover-dev/drover-trainer:0.1.0"))
        .isEqualTo("ghcr.io/drover-dev/drover-trainer");
    assertThat(ImageReference.repositoryOf("ghcr.io/drover-dev/drover-trainer@sha256:abc"))
        .isEqualTo("ghcr.io/drover-dev/drover-trainer");
    assertThat(ImageReference.repositoryOf("localhost:5000/trainer:dev"))
        .isEqualTo("localhost:5000/trainer");
    assertThat(ImageReference.repositoryOf("localhost:5000/trainer"))
        .isEqualTo("localhost:5000/trainer");
    RunnableImage image =
        new RunnableImage("ghcr.io/drover-dev/drover-trainer", Path.of("t.jar"), null, false);
    assertThat(image.runs("ghcr.io/drover-dev/drover-trainer:latest")).isTrue();
    assertThat(image.runs("ghcr.io/drover-dev/drover-trainer-gpu:latest")).isFalse();
  }

  @Test
  void badOptionsAreRefusedNamingTheField() {
    assertThatThrownBy(
            () -> new RunnableImage("ghcr.io/x/y:1.0", Path.of("y.jar"), List.of(), false))
        .hasMessageContaining("RunnableImage.repository")
        .hasMessageContaining("tag");
    assertThatThrownBy(
            () ->
                RunnerOptions.of(Path.of("/tmp/h"), Path.of("/tmp/k"), List.of()).withFakeGpus(-1))
        .hasMessageContaining("RunnerOptions.fakeGpus");
    assertThatThrownBy(
            () ->
                RunnerOptions.of(Path.of("/tmp/h"), Path.of("/tmp/k"), List.of())
                    .withBackoff(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("RunnerOptions.jobBackoff");
  }
}
