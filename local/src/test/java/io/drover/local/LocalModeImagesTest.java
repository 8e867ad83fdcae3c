package io.drover.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.local.runner.RunnableImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Local mode runs the model server with the serving image's JVM options (serving-image/pom.xml's
 * Jib profile, which the Dockerfile matches), but for the share of a pod's memory: local mode sizes
 * the heap itself.
 */
class LocalModeImagesTest {

  @Test
  void theModelServerRunsWithTheServingImagesJvmOptions() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Matcher jib =
        Pattern.compile("<quarkus.jib.jvm-additional-arguments>([^<]*)<")
            .matcher(Files.readString(root.resolve("serving-image/pom.xml")));
    assertThat(jib.find()).as("the Jib profile's JVM options").isTrue();
    List<String> image =
        Arrays.stream(jib.group(1).split(","))
            .map(String::strip)
            .filter(option -> !option.startsWith("-XX:MaxRAMPercentage="))
            .toList();

    RunnableImage serving =
        LocalMode.images(new Repository(root)).stream()
            .filter(i -> i.repository().endsWith("/drover-serving"))
            .findFirst()
            .orElseThrow();

    assertThat(serving.jvmArgs()).containsAll(image);
  }
}
