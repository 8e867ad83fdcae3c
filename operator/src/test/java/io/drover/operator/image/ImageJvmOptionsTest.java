package io.drover.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The two ways to build the operator image (the Dockerfile, recommended, and Jib with {@code
 * -Pimages}) run the JVM the operator benchmarks measure: the Jib profile's options, and the
 * collector settings the Jib base image's run-java.sh adds, which the Dockerfile's base lacks.
 */
class ImageJvmOptionsTest {

  /** What run-java.sh in the UBI 9 OpenJDK runtime image adds by default. */
  private static final List<String> RUN_JAVA_COLLECTOR =
      List.of(
          "-XX:+UseParallelGC",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=20",
          "-XX:GCTimeRatio=4",
          "-XX:AdaptiveSizePolicyWeight=90",
          "-XX:+ExitOnOutOfMemoryError");

  @Test
  void theDockerfileRunsTheJvmTheJibImageRuns() throws IOException {
    List<String> jib = jibOptions(Files.readString(Path.of("pom.xml")));
    List<String> dockerfile =
        dockerfileOptions(Files.readString(Path.of("src/main/docker/Dockerfile")));

    assertThat(jib)
        .contains("-XX:MaxNewSize=32m", "-XX:TrimNativeHeapInterval=10000")
        .noneMatch(option -> option.startsWith("-Xms"));
    assertThat(dockerfile.stream().filter(option -> option.startsWith("-XX:")))
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(jib.stream(), RUN_JAVA_COLLECTOR.stream()).toList());
  }

  private static List<String> dockerfileOptions(String dockerfile) {
    Matcher options = Pattern.compile("(?m)^ENV JAVA_OPTS=\"([^\"]*)\"$").matcher(dockerfile);
    assertThat(options.find()).as("the Dockerfile's JAVA_OPTS").isTrue();
    return Arrays.stream(options.group(1).split(" ")).map(String::strip).toList();
  }

  private static List<String> jibOptions(String pom) {
    Matcher options =
        Pattern.compile("<quarkus.jib.jvm-additional-arguments>([^<]*)<").matcher(pom);
    assertThat(options.find()).as("the Jib profile's JVM options in pom.xml").isTrue();
    return Arrays.stream(options.group(1).split(",")).map(String::strip).toList();
  }
}
