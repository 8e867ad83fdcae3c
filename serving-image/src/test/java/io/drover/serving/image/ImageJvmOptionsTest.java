package io.drover.serving.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The two ways to build the serving image (the Dockerfile, and Jib with {@code -Pimages}) start the
 * JVM with the same options, so memory is given back after load whichever built it.
 */
class ImageJvmOptionsTest {

  @Test
  void theDockerfileAndTheJibProfileStartTheServerWithTheSameJvmOptions() throws IOException {
    List<String> dockerfile = dockerfileOptions(Files.readString(Path.of("Dockerfile")));
    List<String> jib = jibOptions(Files.readString(Path.of("pom.xml")));

    assertThat(jib)
        .contains(
            "-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=30000", "-XX:TrimNativeHeapInterval=30000")
        .noneMatch(
            option -> option.startsWith("-XX:InitialRAMPercentage") || option.startsWith("-Xms"));
    // The Dockerfile adds only the class-data-sharing archive it makes itself.
    assertThat(dockerfile.stream().filter(o -> !o.startsWith("-XX:SharedArchiveFile=")))
        .containsExactlyElementsOf(jib);
  }

  private static List<String> dockerfileOptions(String dockerfile) {
    Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(dockerfile);
    assertThat(entrypoint.find()).as("the Dockerfile's ENTRYPOINT").isTrue();
    return Arrays.stream(entrypoint.group(1).split(","))
        .map(part -> part.strip().replaceAll("^\"|\"$", ""))
        .filter(part -> part.startsWith("-X"))
        .toList();
  }

  private static List<String> jibOptions(String pom) {
    Matcher options =
        Pattern.compile("<quarkus.jib.jvm-additional-arguments>([^<]*)<").matcher(pom);
    assertThat(options.find()).as("the Jib profile's JVM options in pom.xml").isTrue();
    return Arrays.stream(options.group(1).split(",")).map(String::strip).toList();
  }
}
