package io.drover.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drover's own images as local mode runs them: the trainer jar as the operator's trainer Job runs
 * it (data and output on claims, the marker under an emptyDir {@code /tmp} with the {@code test -e}
 * readiness probe, the result read back with the paths the container saw), and the model server as
 * a Deployment behind a Service. Each test is skipped, saying what to build, when its jar is
 * absent.
 */
@EnableKubernetesMockClient(crud = true)
class DroverImagesTest extends RunnerTestSupport {

  static final String TRAINER = "ghcr.io/drover-dev/drover-trainer";
  static final Path JAR = repository().resolve("trainer-image/target/drover-trainer.jar");
  static final Path IRIS = repository().resolve("trainer-image/src/test/resources/data/iris.csv");
  static final String SERVING = "ghcr.io/drover-dev/drover-serving";
  static final Path SERVER =
      repository().resolve("serving-image/target/quarkus-app/quarkus-run.jar");

  static KubernetesClient client;

  @Override
  KubernetesClient client() {
    return client;
  }

  /** The repository root: two levels above this module's target/test-classes. */
  static Path repository() {
    try {
      return Path.of(
              DroverImagesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .getParent()
          .getParent()
          .getParent();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theTrainerJarTrainsIrisAsAJobAndReportsItsResult() throws Exception {
    assumeTrue(
        Files.isRegularFile(JAR),
        "needs the trainer jar "
            + JAR
            + ": build it with ./mvnw -B -pl trainer-image -am package -DskipTests");
    Files.createDirectories(home.resolve("volumes/datasets"));
    Files.copy(IRIS, home.resolve("volumes/datasets/iris.csv"));
    startRunner(
        RunnerOptions.of(
            home,
            home.resolve("kubeconfig"),
            List.of(new RunnableImage(TRAINER, JAR, List.of("-Xmx512m"), false))));

    Container trainer =
        new ContainerBuilder()
            .withName("trainer")
            .withImage(TRAINER + ":0.1.0")
            .addNewEnv()
            .withName("DROVER_RUN")
            .withValue("iris-1")
            .endEnv()
            .addNewEnv()
            .withName("DROVER_MODEL")
            .withValue("iris")
            .endEnv()
            .addNewEnv()
            .withName("DROVER_DATASET_URI")
            .withValue("/drover/volumes/datasets/iris.csv")
            .endEnv()
            .addNewEnv()
            .withName("DROVER_HYPERPARAMETERS")
            .withValue("{\"epochs\":\"30\"}")
            .endEnv()
            .addNewEnv()
            .withName("DROVER_OUTPUT_URI")
            .withValue("/drover/volumes/models/iris/iris-1")
            .endEnv()
            .addNewEnv()
            .withName("DROVER_TRAINING_MARKER")
            .withValue("/tmp/drover-training-started")
            .endEnv()
            .withReadinessProbe(
                new ProbeBuilder()
                    .withNewExec()
                    .withCommand("test", "-e", "/tmp/drover-training-started")
                    .endExec()
                    .withPeriodSeconds(5)
                    .withFailureThreshold(1)
                    .build())
            .addNewVolumeMount()
            .withName("pvc-datasets")
            .withMountPath("/drover/volumes/datasets")
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("pvc-models")
            .withMountPath("/drover/volumes/models")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("scratch")
            .withMountPath("/tmp")
            .endVolumeMount()
            .withTerminationMessagePath("/dev/termination-log")
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .build();
    Job job = JobControllerTest.trainerLikeJob("training", "iris-1-train", 0, trainer).build();
    job.getSpec().getTemplate().getSpec().setAutomountServiceAccountToken(false);
    job.getSpec()
        .getTemplate()
        .getSpec()
        .setVolumes(
            List.of(
                new io.fabric8.kubernetes.api.model.VolumeBuilder()
                    .withName("pvc-datasets")
                    .withNewPersistentVolumeClaim("datasets", true)
                    .build(),
                new io.fabric8.kubernetes.api.model.VolumeBuilder()
                    .withName("pvc-models")
                    .withNewPersistentVolumeClaim("models", false)
                    .build(),
                new io.fabric8.kubernetes.api.model.VolumeBuilder()
                    .withName("scratch")
                    .withNewEmptyDir()
                    .endEmptyDir()
                    .build()));
    long started = System.nanoTime();
    client.batch().v1().jobs().resource(job).create();

    eventually()
        .atMost(java.time.Duration.ofMinutes(3))
        .until(
            () -> {
              Job j =
                  client.batch().v1().jobs().inNamespace("training").withName("iris-1-train").get();
              return JobControllerTest.condition(j, "Complete").isPresent()
                  || JobControllerTest.condition(j, "Failed").isPresent();
            });
    System.out.printf(
        "MEASURE trainer Job created -> Complete (iris, 30 epochs): %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
    Job done = client.batch().v1().jobs().inNamespace("training").withName("iris-1-train").get();
    Pod pod = pods("training").get(0);
    String message = JobControllerTest.terminated(pod).getMessage();
    assertThat(JobControllerTest.condition(done, "Complete"))
        .as("job finished with %s", message)
        .isPresent();
    JsonNode result = new ObjectMapper().readTree(message);
    assertThat(result.path("outcome").asText()).isEqualTo("Succeeded");
    assertThat(result.path("dataset").path("rows").asInt()).isEqualTo(150);
    assertThat(result.path("bundle").path("uri").asText())
        .isEqualTo("/drover/volumes/models/iris/iris-1");
    assertThat(home.resolve("volumes/models/iris/iris-1/drover-model.json")).isRegularFile();
    assertThat(home.resolve("logs/training/" + pod.getMetadata().getName() + "/trainer.log"))
        .content()
        .contains("result: ");
  }

  @Test
  void theModelServerServesATrainedBundleBehindAService() throws Exception {
    assumeTrue(
        Files.isRegularFile(JAR),
        "needs the trainer jar "
            + JAR
            + ": build it with ./mvnw -B -pl trainer-image -am package -DskipTests");
    assumeTrue(
        Files.isRegularFile(SERVER),
        "needs the model server "
            + SERVER
            + ": build it with ./mvnw -B -pl serving-image -am package -DskipTests");
    // The bundle, trained outside the runner as the trainer's README runs it.
    Path bundle = home.resolve("volumes/models/iris/iris-1");
    ProcessBuilder train =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("train.log").toFile());
    train
        .environment()
        .putAll(
            java.util.Map.of(
                "DROVER_RUN",
                "iris-1",
                "DROVER_MODEL",
                "iris",
                "DROVER_DATASET_URI",
                IRIS.toString(),
                "DROVER_HYPERPARAMETERS",
                "{\"epochs\":\"30\"}",
                "DROVER_OUTPUT_URI",
                bundle.toString(),
                "DROVER_TERMINATION_LOG",
                home.resolve("train-result.json").toString()));
    assertThat(train.start().waitFor())
        .as("trainer exit code; see %s", home.resolve("train.log"))
        .isZero();

    startRunner(
        RunnerOptions.of(
            home,
            home.resolve("kubeconfig"),
            List.of(new RunnableImage(SERVING, SERVER, List.of("-Xmx256m"), true))));
    Container server =
        new ContainerBuilder()
            .withName("server")
            .withImage(SERVING + ":0.1.0")
            .addNewEnv()
            .withName("DROVER_MODEL_URI")
            .withValue("/models/iris/iris-1")
            .endEnv()
            .addNewPort()
            .withName("http")
            .withContainerPort(8080)
            .endPort()
            .withReadinessProbe(
                new ProbeBuilder()
                    .withNewHttpGet()
                    .withPath("/v2/health/ready")
                    .withNewPort("http")
                    .endHttpGet()
                    .withPeriodSeconds(1)
                    .build())
            .addNewVolumeMount()
            .withName("models")
            .withMountPath("/models")
            .withReadOnly(true)
            .endVolumeMount()
            .build();
    io.fabric8.kubernetes.api.model.apps.Deployment deployment =
        DeploymentControllerTest.deployment("serving", "iris-v1", 2, server);
    deployment
        .getSpec()
        .getTemplate()
        .getSpec()
        .setVolumes(
            List.of(
                new io.fabric8.kubernetes.api.model.VolumeBuilder()
                    .withName("models")
                    .withNewPersistentVolumeClaim("models", true)
                    .build()));
    long created = System.nanoTime();
    client.apps().deployments().resource(deployment).create();
    client
        .services()
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata()
                .withName("iris")
                .withNamespace("serving")
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", "iris-v1")
                .addNewPort()
                .withPort(8000)
                .withNewTargetPort("http")
                .endPort()
                .endSpec()
                .build())
        .create();

    eventually()
        .atMost(java.time.Duration.ofMinutes(2))
        .until(
            () ->
                DeploymentControllerTest.available(
                    client.apps().deployments().inNamespace("serving").withName("iris-v1").get()));
    System.out.printf(
        "MEASURE model server Deployment created -> Available (iris bundle, readiness period 1 s): %d ms%n",
        (System.nanoTime() - created) / 1_000_000);
    String address =
        client.services().inNamespace("serving").withName("iris").get().getSpec().getClusterIP();
    java.net.http.HttpResponse<String> answer =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://" + address + ":8000/v2/models/iris/infer"))
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4,0.2]}]}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).contains("\"model_name\":\"iris\"").contains("setosa");
  }
}
