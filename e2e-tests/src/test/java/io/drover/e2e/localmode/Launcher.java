package io.drover.e2e.localmode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code ./drover} launcher's commands, run as the script runs them once its build is done:
 * {@code java -Xmx384m -XX:+UseSerialGC -jar local/target/drover-local.jar --repository <root>
 * <words>} in the repository's root.
 */
final class Launcher {
  static final String JAR = "local/target/drover-local.jar";

  /** What local mode runs besides the launcher: the operator, the trainer, the model server. */
  private static final List<String> IMAGES =
      List.of(
          "operator/target/quarkus-app/quarkus-run.jar",
          "trainer-image/target/drover-trainer.jar",
          "serving-image/target/quarkus-app/quarkus-run.jar");

  private final Path root;

  Launcher(Path root) {
    this.root = root;
  }

  /**
   * The build puts every jar in place before this module's tests run (this module depends on the
   * modules that make them); one missing means the build is broken, not that the test may skip.
   */
  void requireBuilt() {
    List<String> missing = new ArrayList<>();
    for (String jar : concat(JAR, IMAGES)) {
      if (!Files.isRegularFile(root.resolve(jar))) {
        missing.add(jar);
      }
    }
    assertThat(missing)
        .as(
            "jars local mode runs; build them with ./mvnw -B -DskipTests -pl"
                + " local,operator,trainer-image,serving-image -am package")
        .isEmpty();
  }

  /** {@code ./drover <words>}, stopped and failed if it runs past {@code within}. */
  CommandLine.Result run(Duration within, String... words) {
    List<String> command =
        concat(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            List.of("-Xmx384m", "-XX:+UseSerialGC", "-jar", JAR, "--repository", root.toString()));
    command.addAll(List.of(words));
    return CommandLine.run(command, root, Map.of(), null, within);
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }
}
