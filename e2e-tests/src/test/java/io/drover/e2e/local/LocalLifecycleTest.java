package io.drover.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.operator.api.common.Stage;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.api.trainingrun.TrainingPhase;
import io.drover.operator.api.trainingrun.TrainingRun;
import io.drover.operator.testing.DroverTestEnvironment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole lifecycle on the local harness: the operator's reconcilers against the Fabric8 mock API
 * server, and every Job they create run for real by {@link LocalKubelet} with the reference trainer
 * — real training on iris, real bundles, a real side-by-side evaluation of two models.
 */
@EnableKubernetesMockClient(crud = true)
class LocalLifecycleTest {

  static final String NS = "ml";
  static final Path TRAINER_JAR = Path.of("..", "trainer-image", "target", "drover-trainer.jar");
  static final Path IRIS =
      Path.of("..", "trainer-image", "src", "test", "resources", "data", "iris.csv");

  KubernetesClient client;
  DroverTestEnvironment drover;
  LocalKubelet kubelet;
  @TempDir Path volumes;
  @TempDir Path logs;

  @BeforeEach
  void start() throws IOException {
    assertThat(TRAINER_JAR).as("built by the trainer-image module").exists();
    Files.createDirectories(volumes.resolve("datasets"));
    Files.copy(IRIS, volumes.resolve("datasets").resolve("iris.csv"));
    drover = new DroverTestEnvironment(client);
    drover.installCrds();
    drover.startOperator();
    kubelet = new LocalKubelet(client, volumes, TRAINER_JAR.toAbsolutePath(), logs);
  }

  @AfterEach
  void stop() {
    kubelet.close();
    drover.stopOperator();
  }

  @Test
  void trainRegisterPromoteAndKeepTheBetterModelInProduction() {
    apply(
        """
        metadata: {name: iris-good, namespace: ml}
        spec:
          model: iris-classifier
          dataset: {uri: "pvc://datasets/iris.csv", version: "1936"}
          hyperparameters: {epochs: "100", seed: "42"}
          registration:
            policy: {minimums: {accuracy: 0.85}}
            promotion: Production
        """);
    TrainingRun good = awaitRun("iris-good", r -> r.getStatus().modelVersion() != null);
    assertThat(good.getStatus().metrics().get("accuracy")).isGreaterThanOrEqualTo(0.9);
    assertThat(good.getStatus().dataset().rows()).isEqualTo(150);
    assertThat(good.getStatus().bundleUri()).isEqualTo("pvc://models/iris-classifier/iris-good");
    assertThat(volumes.resolve("models/iris-classifier/iris-good/drover-model.json")).exists();
    ModelVersion first = awaitStage(good.getStatus().modelVersion(), Stage.Production);
    assertThat(first.getSpec().artifact().digest()).startsWith("sha256:");

    // A deliberately undertrained candidate, validated against the Production bundle first.
    apply(
        """
        metadata: {name: iris-rushed, namespace: ml}
        spec:
          model: iris-classifier
          dataset: {uri: "pvc://datasets/iris.csv", version: "1936"}
          hyperparameters: {epochs: "1", hiddenLayers: "2", learningRate: "0.0001", seed: "7"}
          registration:
            promotion: Production
        """);
    TrainingRun rushed = awaitRun("iris-rushed", r -> r.getStatus().modelVersion() != null);
    assertThat(rushed.getStatus().validation())
        .as("checked against the Production model's data before training")
        .isNotEmpty();

    ModelVersion candidate =
        await()
            .atMost(Duration.ofMinutes(3))
            .until(
                () -> get(rushed.getStatus().modelVersion()),
                v ->
                    v.getStatus() != null
                        && v.getStatus().comparison() != null
                        && v.getStatus().comparison().completionTime() != null);
    var comparison = candidate.getStatus().comparison();
    assertThat(comparison.verdict()).isEqualTo("Lost");
    assertThat(comparison.productionVersion()).isEqualTo(first.getMetadata().getName());
    var accuracy =
        comparison.metrics().stream().filter(m -> m.metric().equals("accuracy")).findFirst().get();
    assertThat(accuracy.production()).isGreaterThan(accuracy.candidate());
    assertThat(candidate.getStatus().stage()).isEqualTo(Stage.Staging);
    assertThat(get(first.getMetadata().getName()).getStatus().stage()).isEqualTo(Stage.Production);

    printModelVersions();
  }

  /** What `kubectl get modelversions` shows for the registry at the end. */
  private void printModelVersions() {
    System.out.printf(
        "%-22s %-16s %-8s %-10s %-9s %s%n", "NAME", "MODEL", "VERSION", "STAGE", "METRIC", "VALUE");
    client.resources(ModelVersion.class).inNamespace(NS).list().getItems().stream()
        .sorted(Comparator.comparing(v -> v.getSpec().version()))
        .forEach(
            v ->
                System.out.printf(
                    "%-22s %-16s %-8d %-10s %-9s %.4f%n",
                    v.getMetadata().getName(),
                    v.getSpec().model(),
                    v.getSpec().version(),
                    v.getStatus().stage(),
                    v.getStatus().objective().metric(),
                    v.getStatus().objective().value()));
  }

  private void apply(String yaml) {
    client
        .resource(
            Serialization.unmarshal(
                "apiVersion: drover.io/v1alpha1\nkind: TrainingRun\n" + yaml, TrainingRun.class))
        .create();
  }

  private TrainingRun awaitRun(String name, Predicate<TrainingRun> done) {
    TrainingRun run =
        await()
            .atMost(Duration.ofMinutes(3))
            .until(
                () -> client.resources(TrainingRun.class).inNamespace(NS).withName(name).get(),
                r ->
                    r.getStatus() != null
                        && r.getStatus().phase() != null
                        && (r.getStatus().phase().isFinal()));
    assertThat(run.getStatus().phase())
        .as("%s: %s", name, run.getStatus().message())
        .isEqualTo(TrainingPhase.Succeeded);
    return await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> client.resources(TrainingRun.class).inNamespace(NS).withName(name).get(), done);
  }

  private ModelVersion get(String name) {
    return client.resources(ModelVersion.class).inNamespace(NS).withName(name).get();
  }

  private ModelVersion awaitStage(String name, Stage stage) {
    return await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> get(name), v -> v.getStatus() != null && v.getStatus().stage() == stage);
  }

  static List<String> names(List<ModelVersion> versions) {
    return versions.stream().map(v -> v.getMetadata().getName()).toList();
  }
}
