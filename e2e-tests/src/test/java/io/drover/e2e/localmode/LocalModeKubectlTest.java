package io.drover.e2e.localmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drover.e2e.support.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl against {@code ./drover local start}, as a user drives it: local mode started in the
 * background, data copied in with {@code ./drover local cp}, a TrainingRun applied, waited for and
 * its ModelVersion listed with the CRD's printer columns, a label patched, a Service reached
 * through {@code ./drover local url} and deleted, local mode stopped (no process left) and started
 * again on the same home with its objects kept. Every command is the real one, run as a process:
 * the launcher's jar and the kubectl binary ({@code DROVER_KUBECTL}, else the PATH).
 */
class LocalModeKubectlTest {
  private static final Duration START_WITHIN = Duration.ofMinutes(5);
  private static final Duration COMMAND_WITHIN = Duration.ofMinutes(2);
  private static final String RUN = "trainingrun.drover.io/iris";
  private static final List<String> MODEL_VERSION_COLUMNS =
      List.of("NAME", "MODEL", "VERSION", "STAGE", "METRIC", "VALUE", "AGE");

  @TempDir static Path temp;
  private static Path home;
  private static Launcher launcher;
  private static Kubectl kubectl;

  @BeforeAll
  static void findKubectl() {
    Optional<Path> binary = Kubectl.find();
    assumeTrue(
        binary.isPresent(),
        "needs a kubectl binary: set DROVER_KUBECTL to one or put kubectl on the PATH");
    System.out.println("LocalModeKubectlTest runs " + binary.get());
    launcher = new Launcher(Repo.ROOT);
    launcher.requireBuilt();
    home = temp.resolve("home");
    kubectl =
        new Kubectl(
            binary.get(), home.resolve("kubeconfig"), temp.resolve("kube-cache"), Repo.ROOT);
  }

  /** No process outlives the test, whatever happened: stop as a user would, then by process id. */
  @AfterAll
  static void stopLocalMode() {
    if (home == null || daemon().isEmpty()) {
      return;
    }
    try {
      drover(COMMAND_WITHIN, "local", "stop");
    } finally {
      daemon().ifPresent(CommandLine::stopTree);
    }
  }

  @Test
  void aUserTrainsAModelWithKubectlAgainstLocalMode() throws IOException {
    try {
      start();
      CommandLine.Result copied =
          succeeds(
              drover(
                  COMMAND_WITHIN,
                  "local",
                  "cp",
                  "manifests/examples/data/iris.csv",
                  "pvc://datasets/iris.csv"));
      assertThat(copied.output())
          .contains("copied manifests/examples/data/iris.csv to pvc://datasets/iris.csv");
      assertThat(home.resolve("volumes/datasets/iris.csv"))
          .as("where a TrainingRun reads pvc://datasets/iris.csv")
          .hasSameBinaryContentAs(Repo.MANIFESTS.resolve("examples/data/iris.csv"));

      assertThat(
              succeeds(kubectl.run("apply", "-f", "manifests/examples/iris-trainingrun.yaml"))
                  .output())
          .contains(RUN + " created");
      assertThat(
              succeeds(
                      kubectl.run(
                          "wait", "--for=condition=Ready", "trainingrun/iris", "--timeout=5m"))
                  .output())
          .contains(RUN + " condition met");
      theModelVersionIsListedWithItsPrinterColumns();

      assertThat(succeeds(kubectl.run("get", "drover")).output())
          .as("kubectl get drover: every Drover kind through the category")
          .contains(RUN)
          .containsPattern("modelversion\\.drover\\.io/iris-classifier-\\S+");
      assertThat(
              succeeds(
                      kubectl.run(
                          "patch",
                          "trainingrun",
                          "iris",
                          "--type=merge",
                          "-p",
                          "{\"metadata\":{\"labels\":{\"team\":\"fraud\"}}}"))
                  .output())
          .contains(RUN + " patched");
      aServiceIsReachedThroughLocalUrlAndDeleted();

      CommandLine.Result status = succeeds(drover(COMMAND_WITHIN, "local", "status"));
      assertThat(status.output())
          .containsPattern(
              "local mode runs in "
                  + Pattern.quote(home.toString())
                  + " \\(pid \\d+\\), API http://127\\.0\\.0\\.1:\\d+")
          .contains("export KUBECONFIG=" + home.resolve("kubeconfig"));

      stopAndFindNothingLeft();

      start();
      assertThat(
              succeeds(
                      kubectl.run(
                          "get",
                          "trainingrun",
                          "iris",
                          "-o",
                          "jsonpath={.status.phase} {.metadata.labels.team}"))
                  .output())
          .as("the TrainingRun, its status and its label, kept across a restart")
          .isEqualTo("Succeeded fraud");
      stopAndFindNothingLeft();
    } catch (AssertionError | RuntimeException e) {
      System.out.println(LocalModeLogs.tails(home, 40));
      throw e;
    }
  }

  private static void start() {
    CommandLine.Result start = succeeds(drover(START_WITHIN, "local", "start"));
    assertThat(start.lastLine())
        .as("the last line ./drover local start prints")
        .isEqualTo("export KUBECONFIG=" + home.resolve("kubeconfig"));
  }

  /**
   * The registry makes the ModelVersion when the run has succeeded, and fills its stage and metric
   * a moment later: wait for the row, as a user would run kubectl get again.
   */
  private static void theModelVersionIsListedWithItsPrinterColumns() {
    List<List<String>> table =
        await("kubectl get modelversions lists the run's ModelVersion with its stage")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> cells(succeeds(kubectl.run("get", "modelversions"))),
                rows -> rows.size() == 2 && rows.get(1).size() == MODEL_VERSION_COLUMNS.size());
    assertThat(table.get(0)).as("the CRD's printer columns").isEqualTo(MODEL_VERSION_COLUMNS);
    List<String> row = table.get(1);
    assertThat(row.get(0)).matches("iris-classifier-[a-z0-9-]+");
    assertThat(row.subList(1, 5)).containsExactly("iris-classifier", "1", "None", "accuracy");
    assertThat(Double.parseDouble(row.get(5))).as("accuracy").isBetween(0.5, 1.0);
  }

  private static void aServiceIsReachedThroughLocalUrlAndDeleted() {
    assertThat(
            succeeds(
                    kubectl.apply(
                        """
                        apiVersion: v1
                        kind: Service
                        metadata:
                          name: notebook
                        spec:
                          selector:
                            app: notebook
                          ports:
                            - port: 8888
                              targetPort: 8888
                        """))
                .output())
        .contains("service/notebook created");
    // A cluster's API server assigns the address on creation; local mode's runner a moment later.
    String address =
        await("Service notebook has its cluster IP")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    succeeds(
                            kubectl.run(
                                "get", "service", "notebook", "-o", "jsonpath={.spec.clusterIP}"))
                        .output(),
                ip -> !ip.isBlank());
    assertThat(succeeds(drover(COMMAND_WITHIN, "local", "url", "svc/notebook")).lastLine())
        .as("./drover local url: the Service's local address")
        .matches("http://127\\.\\d+\\.\\d+\\.\\d+:8888")
        .isEqualTo("http://" + address + ":8888");

    assertThat(succeeds(kubectl.run("delete", "service", "notebook")).output())
        .contains("service \"notebook\" deleted");
    CommandLine.Result gone = kubectl.run("get", "service", "notebook");
    assertThat(gone.exitCode()).as(gone.describe()).isEqualTo(1);
    assertThat(gone.output())
        .contains("Error from server (NotFound): services \"notebook\" not found");
  }

  /** {@code ./drover local stop}: the local API, the runner and the operator are all gone. */
  private static void stopAndFindNothingLeft() {
    ProcessHandle daemon =
        daemon().orElseThrow(() -> new AssertionError("local mode is not running"));
    List<ProcessHandle> processes = Stream.concat(Stream.of(daemon), daemon.descendants()).toList();
    assertThat(processes).as("local mode and the operator it runs").hasSizeGreaterThanOrEqualTo(2);

    assertThat(succeeds(drover(COMMAND_WITHIN, "local", "stop")).output())
        .contains("stopped; the state is kept in " + home);
    await("every local-mode process has exited")
        .atMost(Duration.ofSeconds(30))
        .until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));

    CommandLine.Result status = drover(COMMAND_WITHIN, "local", "status");
    assertThat(status.exitCode()).as(status.describe()).isEqualTo(3);
    assertThat(status.output()).contains("local mode is not running in " + home);
  }

  private static CommandLine.Result drover(Duration within, String... words) {
    String[] withHome = Arrays.copyOf(words, words.length + 2);
    withHome[words.length] = "--home";
    withHome[words.length + 1] = home.toString();
    return launcher.run(within, withHome);
  }

  private static CommandLine.Result succeeds(CommandLine.Result result) {
    assertThat(result.exitCode()).as(result.describe()).isZero();
    return result;
  }

  /** A kubectl table's lines, each split into its cells (no cell here holds a space). */
  private static List<List<String>> cells(CommandLine.Result table) {
    return table.lines().stream()
        .filter(l -> !l.isBlank())
        .map(l -> List.of(l.trim().split("\\s+")))
        .toList();
  }

  /** The local-mode process of this home, from the pid file it writes, while it runs. */
  private static Optional<ProcessHandle> daemon() {
    Path pidFile = home.resolve("local.pid");
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
          .filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
