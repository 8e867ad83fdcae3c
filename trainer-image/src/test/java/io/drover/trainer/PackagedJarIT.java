package io.drover.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.contract.TrainerResult;
import io.drover.contract.TrainerResult.Outcome;
import io.drover.contract.TrainerResults;
import io.drover.contract.bundle.ModelBundles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged program, run as a container runs it: {@code java -jar}, environment in, exit out.
 */
class PackagedJarIT {

  @TempDir Path dir;

  private record Process(int exitCode, String output, TrainerResult result) {}

  private Process run(Map<String, String> env) throws IOException, InterruptedException {
    Path terminationLog = dir.resolve("termination-log");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java.toString(),
                "-jar",
                System.getProperty("drover.trainer.jar", "target/drover-trainer.jar"))
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("DROVER_TERMINATION_LOG", terminationLog.toString());
    java.lang.Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Process(
        process.exitValue(), output, TrainerResults.parse(Files.readString(terminationLog)));
  }

  @Test
  void trainsAndReportsThroughTheTerminationLog() throws Exception {
    Path bundle = dir.resolve("bundle");

    Process trained =
        run(
            Map.of(
                "DROVER_RUN", "iris-packaged",
                "DROVER_MODEL", "iris",
                "DROVER_DATASET_URI", TrainerRun.dataset("iris.csv").toString(),
                "DROVER_HYPERPARAMETERS", "{\"epochs\": \"30\"}",
                "DROVER_OUTPUT_URI", bundle.toString()));

    assertThat(trained.exitCode()).as(trained.output()).isZero();
    assertThat(trained.output()).contains("epoch 1/30 loss=", "result: {");
    assertThat(trained.result().outcome()).isEqualTo(Outcome.Succeeded);
    assertThat(trained.result().bundle().digest()).isEqualTo(ModelBundles.digest(bundle));

    Process evaluated =
        run(
            Map.of(
                "DROVER_MODE", "evaluate",
                "DROVER_BUNDLE_URI", bundle.toString(),
                "DROVER_DATASET_URI", bundle.resolve(ModelBundles.TEST_DATA_FILE).toString()));

    assertThat(evaluated.exitCode()).as(evaluated.output()).isZero();
    assertThat(evaluated.result().metrics()).isEqualTo(trained.result().metrics());
  }

  @Test
  void failsWithANonZeroExitAndAReason() throws Exception {
    Process failed =
        run(
            Map.of(
                "DROVER_DATASET_URI",
                "s3://bucket/iris.csv",
                "DROVER_OUTPUT_URI",
                dir.resolve("bundle").toString()));

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.result().outcome()).isEqualTo(Outcome.Failed);
    assertThat(failed.result().message()).contains("DROVER_DATASET_URI", "s3://");
    assertThat(failed.output().lines().filter(l -> l.startsWith("failed: ")).toList()).hasSize(1);
    assertThat(List.of(failed.output().split("\n"))).noneMatch(l -> l.contains("Exception"));
  }
}
