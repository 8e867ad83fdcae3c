package io.drover.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kubelet and the scheduler: what a pod's status and Events say about its processes. */
@EnableKubernetesMockClient(crud = true)
class KubeletTest extends RunnerTestSupport {

  static KubernetesClient client;

  @Override
  KubernetesClient client() {
    return client;
  }

  Pod create(String namespace, String name, String restartPolicy, Container... containers) {
    return client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy(restartPolicy)
                .withContainers(containers)
                .withTerminationGracePeriodSeconds(5L)
                .endSpec()
                .build())
        .create();
  }

  Pod get(String namespace, String name) {
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  static Optional<PodCondition> condition(Pod pod, String type) {
    return pod == null || pod.getStatus() == null || pod.getStatus().getConditions() == null
        ? Optional.empty()
        : pod.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType()))
            .findFirst();
  }

  static Optional<ContainerStatus> status(Pod pod) {
    return pod == null
            || pod.getStatus() == null
            || pod.getStatus().getContainerStatuses() == null
            || pod.getStatus().getContainerStatuses().isEmpty()
        ? Optional.empty()
        : Optional.of(pod.getStatus().getContainerStatuses().get(0));
  }

  static String phase(Pod pod) {
    return pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  static Container withGpus(Container container, int gpus) {
    container.setResources(
        new ResourceRequirementsBuilder()
            .addToRequests("nvidia.com/gpu", new Quantity(Integer.toString(gpus)))
            .addToLimits("nvidia.com/gpu", new Quantity(Integer.toString(gpus)))
            .build());
    return container;
  }

  @Test
  void aPodAskingForMoreGpusThanTheNodeHasStaysPendingInTheSchedulersWords() {
    startRunner();
    Pod pod = create("gpu-none", "train", "Never", withGpus(container("trainer"), 1));

    eventually().until(() -> condition(get("gpu-none", "train"), "PodScheduled").isPresent());
    Pod pending = get("gpu-none", "train");
    PodCondition scheduled = condition(pending, "PodScheduled").orElseThrow();
    assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(scheduled.getStatus()).isEqualTo("False");
    assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
    assertThat(scheduled.getMessage())
        .startsWith("0/1 nodes are available: 1 Insufficient nvidia.com/gpu.");
    eventually().until(() -> event(pod, "FailedScheduling").isPresent());
    assertThat(event(pod, "FailedScheduling").orElseThrow().getType()).isEqualTo("Warning");
    assertThat(event(pod, "FailedScheduling").orElseThrow().getMessage())
        .isEqualTo(scheduled.getMessage());
  }

  @Test
  void fakeGpusLetGpuPodsRunOneAfterAnotherWithinTheCapacity() {
    startRunner(options().withFakeGpus(1));
    create("gpu-fake", "first", "Never", withGpus(container("trainer", "TEST_RUN_MS=3000"), 1));
    eventually().until(() -> "Running".equals(phase(get("gpu-fake", "first"))));
    create("gpu-fake", "second", "Never", withGpus(container("trainer"), 1));

    eventually().until(() -> condition(get("gpu-fake", "second"), "PodScheduled").isPresent());
    assertThat(condition(get("gpu-fake", "second"), "PodScheduled").orElseThrow().getStatus())
        .isEqualTo("False");

    eventually().until(() -> "Succeeded".equals(phase(get("gpu-fake", "second"))));
    assertThat(phase(get("gpu-fake", "first"))).isEqualTo("Succeeded");
    assertThat(condition(get("gpu-fake", "second"), "PodScheduled").orElseThrow().getStatus())
        .isEqualTo("True");
  }

  @Test
  void anImageLocalModeCannotRunIsReportedAsSuch() {
    startRunner();
    Container nginx = container("web");
    nginx.setImage("nginx:1.27");
    create("images", "web", "Always", nginx);

    eventually()
        .until(
            () ->
                status(get("images", "web"))
                    .map(
                        s ->
                            s.getState().getWaiting() != null
                                && "ImageNotRunnable".equals(s.getState().getWaiting().getReason()))
                    .orElse(false));
    ContainerStatus waiting = status(get("images", "web")).orElseThrow();
    assertThat(waiting.getState().getWaiting().getMessage())
        .isEqualTo(
            "local mode runs only Drover's own images ("
                + TEST_IMAGE
                + "); image \"nginx:1.27\" is not one of them");
    assertThat(phase(get("images", "web"))).isEqualTo("Pending");

    // A Job's pod fails instead, so that the Job's own failure handling applies.
    Container trainer = container("trainer");
    trainer.setImage("python:3.12");
    client
        .batch()
        .v1()
        .jobs()
        .resource(JobControllerTest.trainerLikeJob("images", "train", 0, trainer).build())
        .create();
    eventually()
        .until(
            () ->
                JobControllerTest.condition(
                        client.batch().v1().jobs().inNamespace("images").withName("train").get(),
                        "Failed")
                    .isPresent());
    Job failed = client.batch().v1().jobs().inNamespace("images").withName("train").get();
    assertThat(JobControllerTest.condition(failed, "Failed").orElseThrow().getReason())
        .isEqualTo("BackoffLimitExceeded");
    Pod jobPod =
        pods("images").stream()
            .filter(p -> p.getMetadata().getName().startsWith("train-"))
            .findFirst()
            .orElseThrow();
    assertThat(phase(jobPod)).isEqualTo("Failed");
    assertThat(JobControllerTest.terminated(jobPod).getReason()).isEqualTo("ImageNotRunnable");
    assertThat(JobControllerTest.terminated(jobPod).getMessage())
        .contains("\"python:3.12\" is not one of them");
  }

  @Test
  void deletingAPodStopsItsProcess() {
    startRunner();
    Pod pod = create("delete", "sleeper", "Always", container("app", "TEST_RUN_MS=600000"));
    eventually().until(() -> "Running".equals(phase(get("delete", "sleeper"))));
    long pid = pid(get("delete", "sleeper"), "app");
    assertThat(alive(pid)).isTrue();

    client.pods().inNamespace("delete").withName("sleeper").delete();

    eventually().until(() -> !alive(pid));
    eventually().until(() -> event(pod, "Killing").isPresent());
    assertThat(event(pod, "Killing").orElseThrow().getMessage())
        .isEqualTo("Stopping container app");
  }

  @Test
  void theEnvironmentIsResolvedAsTheKubeletResolvesIt() {
    startRunner();
    client
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .withNamespace("env")
                .endMetadata()
                .addToData("mode", "fast")
                .addToData("config.yaml", "answer: 42")
                .addToData("other", "x")
                .build())
        .create();
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("creds")
                .withNamespace("env")
                .endMetadata()
                .addToStringData("token", "s3cret")
                .build())
        .create();
    Container c =
        container(
            "app",
            "TEST_REPORT=POD_NAME,POD_NS,POD_IP,APP_LABEL,MODE,TOKEN,GREETING,ESCAPED,CFG_mode,HOSTNAME,KUBECONFIG,QUARKUS_HTTP_HOST,QUARKUS_HTTP_PORT",
            "TEST_REPORT_FILES=CONFIG_FILE,OTHER_FILE,TOKEN_FILE",
            "CONFIG_FILE=/etc/app/config.yaml",
            "OTHER_FILE=/etc/other.txt",
            "TOKEN_FILE=/etc/creds/token");
    c.getEnv()
        .addAll(
            List.of(
                fieldRef("POD_NAME", "metadata.name"),
                fieldRef("POD_NS", "metadata.namespace"),
                fieldRef("POD_IP", "status.podIP"),
                fieldRef("APP_LABEL", "metadata.labels['app']"),
                new EnvVarBuilder()
                    .withName("MODE")
                    .withNewValueFrom()
                    .withNewConfigMapKeyRef("mode", "settings", false)
                    .endValueFrom()
                    .build(),
                new EnvVarBuilder()
                    .withName("TOKEN")
                    .withNewValueFrom()
                    .withNewSecretKeyRef("token", "creds", false)
                    .endValueFrom()
                    .build(),
                new EnvVarBuilder()
                    .withName("GREETING")
                    .withValue("hello $(POD_NAME) in $(POD_NS)")
                    .build(),
                new EnvVarBuilder()
                    .withName("ESCAPED")
                    .withValue("$$(POD_NAME) and $(UNDEFINED)")
                    .build()));
    c.setEnvFrom(
        List.of(
            new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder()
                .withPrefix("CFG_")
                .withNewConfigMapRef("settings", false)
                .build()));
    c.setArgs(List.of("--name=$(POD_NAME)", "/etc/app/config.yaml"));
    c.setPorts(
        List.of(
            new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
                .withContainerPort(9000)
                .build()));
    c.setVolumeMounts(
        List.of(
            new VolumeMountBuilder().withName("config").withMountPath("/etc/app").build(),
            new VolumeMountBuilder()
                .withName("whole")
                .withMountPath("/etc/other.txt")
                .withSubPath("other")
                .build(),
            new VolumeMountBuilder().withName("creds").withMountPath("/etc/creds").build()));
    client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("env-pod")
                .withNamespace("env")
                .addToLabels("app", "reporter")
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withContainers(c)
                .addNewVolume()
                .withName("config")
                .withNewConfigMap()
                .withName("settings")
                .addNewItem("config.yaml", null, "config.yaml")
                .endConfigMap()
                .endVolume()
                .addNewVolume()
                .withName("whole")
                .withNewConfigMap()
                .withName("settings")
                .endConfigMap()
                .endVolume()
                .addNewVolume()
                .withName("creds")
                .withNewSecret()
                .withSecretName("creds")
                .endSecret()
                .endVolume()
                .endSpec()
                .build())
        .create();

    eventually().until(() -> "Succeeded".equals(phase(get("env", "env-pod"))));
    Pod pod = get("env", "env-pod");
    String message = JobControllerTest.terminated(pod).getMessage();
    assertThat(message.lines().toList())
        .containsExactly(
            "POD_NAME=env-pod",
            "POD_NS=env",
            "POD_IP=" + pod.getStatus().getPodIP(),
            "APP_LABEL=reporter",
            "MODE=fast",
            "TOKEN=s3cret",
            "GREETING=hello env-pod in env",
            "ESCAPED=$(POD_NAME) and $(UNDEFINED)",
            "CFG_mode=fast",
            "HOSTNAME=env-pod",
            "KUBECONFIG=null",
            "QUARKUS_HTTP_HOST=" + pod.getStatus().getPodIP(),
            "QUARKUS_HTTP_PORT=9000",
            "args=--name=env-pod|/etc/app/config.yaml",
            "file CONFIG_FILE=answer: 42",
            "file OTHER_FILE=x",
            "file TOKEN_FILE=s3cret");
  }

  @Test
  void aPodWithApiAccessGetsTheKubeconfigAndItsNamespace() {
    startRunner();
    create(
        "api-access",
        "reporter",
        "Never",
        container("app", "TEST_REPORT=KUBECONFIG,KUBERNETES_NAMESPACE"));
    eventually().until(() -> "Succeeded".equals(phase(get("api-access", "reporter"))));
    assertThat(JobControllerTest.terminated(get("api-access", "reporter")).getMessage())
        .startsWith(
            "KUBECONFIG=" + home.resolve("kubeconfig") + "\nKUBERNETES_NAMESPACE=api-access");
  }

  @Test
  void withoutATerminationMessageAFailedContainerReportsTheEndOfItsLog() {
    startRunner();
    Container c = container("app", "TEST_LOG=it went wrong here", "TEST_EXIT_CODE=2");
    c.setTerminationMessagePolicy("FallbackToLogsOnError");
    create("logs", "failing", "Never", c);
    eventually().until(() -> "Failed".equals(phase(get("logs", "failing"))));
    assertThat(JobControllerTest.terminated(get("logs", "failing")).getMessage())
        .isEqualTo("it went wrong here\n");
    assertThat(home.resolve("logs/logs/failing/app.log"))
        .content()
        .isEqualTo("it went wrong here\n");
  }

  @Test
  void aFileExecProbeTurnsTheContainerReadyOnceTheFileExists() {
    startRunner();
    // The trainer's readiness probe: `test -e <marker>` on a file in an emptyDir.
    Container c =
        container(
            "trainer",
            "TEST_MARKER=/tmp/drover-training-started",
            "TEST_MARKER_AFTER_MS=1000",
            "TEST_RUN_MS=60000");
    c.setReadinessProbe(
        new ProbeBuilder()
            .withNewExec()
            .withCommand("test", "-e", "/tmp/drover-training-started")
            .endExec()
            .withPeriodSeconds(1)
            .withFailureThreshold(1)
            .build());
    c.setVolumeMounts(
        List.of(new VolumeMountBuilder().withName("scratch").withMountPath("/tmp").build()));
    client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("marker")
                .withNamespace("probes")
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withContainers(c)
                .addNewVolume()
                .withName("scratch")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .build())
        .create();

    eventually()
        .until(
            () ->
                status(get("probes", "marker"))
                    .map(s -> s.getState().getRunning() != null)
                    .orElse(false));
    assertThat(status(get("probes", "marker")).orElseThrow().getReady()).isFalse();
    eventually()
        .until(() -> status(get("probes", "marker")).map(ContainerStatus::getReady).orElse(false));
    Pod ready = get("probes", "marker");
    assertThat(condition(ready, "Ready").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(condition(ready, "ContainersReady").orElseThrow().getStatus()).isEqualTo("True");
  }

  @Test
  void aContainerCountsAsStartedAndReadyOnlyOnceItsStartupProbePassed() {
    startRunner();
    Container c =
        container(
            "app", "TEST_MARKER=/work/started", "TEST_MARKER_AFTER_MS=1500", "TEST_RUN_MS=60000");
    c.setStartupProbe(
        new ProbeBuilder()
            .withNewExec()
            .withCommand("cat", "/work/started")
            .endExec()
            .withPeriodSeconds(1)
            .withFailureThreshold(30)
            .build());
    c.setVolumeMounts(
        List.of(new VolumeMountBuilder().withName("work").withMountPath("/work").build()));
    client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("slow-start")
                .withNamespace("probes-startup")
                .endMetadata()
                .withNewSpec()
                .withContainers(c)
                .addNewVolume()
                .withName("work")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .build())
        .create();

    eventually()
        .until(
            () ->
                status(get("probes-startup", "slow-start"))
                    .map(s -> s.getState().getRunning() != null)
                    .orElse(false));
    ContainerStatus starting = status(get("probes-startup", "slow-start")).orElseThrow();
    assertThat(starting.getStarted()).isFalse();
    assertThat(starting.getReady()).isFalse();
    eventually()
        .until(
            () ->
                status(get("probes-startup", "slow-start"))
                    .map(s -> Boolean.TRUE.equals(s.getStarted()) && s.getReady())
                    .orElse(false));
  }

  @Test
  void anExecProbeLocalModeCannotRunKeepsTheContainerUnreadyAndSaysWhy() {
    startRunner();
    Container c = container("app", "TEST_RUN_MS=60000");
    c.setReadinessProbe(
        new ProbeBuilder()
            .withNewExec()
            .withCommand("curl", "-f", "localhost:8080")
            .endExec()
            .withPeriodSeconds(1)
            .build());
    Pod pod = create("probes-unsupported", "curl", "Always", c);

    eventually().until(() -> event(pod, "Unhealthy").isPresent());
    assertThat(event(pod, "Unhealthy").orElseThrow().getMessage())
        .startsWith(
            "Readiness probe cannot run: local mode cannot run exec probe [curl, -f, localhost:8080]")
        .endsWith("the container never becomes ready");
    Pod running = get("probes-unsupported", "curl");
    assertThat(status(running).orElseThrow().getReady()).isFalse();
    assertThat(condition(running, "Ready").orElseThrow().getReason())
        .isEqualTo("ContainersNotReady");
    assertThat(condition(running, "Ready").orElseThrow().getMessage())
        .isEqualTo("containers with unready status: [app]");
  }

  @Test
  void aFailingLivenessProbeRestartsTheContainer() {
    startRunner();
    Container c = container("app", "TEST_RUN_MS=600000");
    c.setLivenessProbe(
        new ProbeBuilder()
            .withNewTcpSocket()
            .withNewPort(8080)
            .endTcpSocket()
            .withPeriodSeconds(1)
            .withFailureThreshold(2)
            .build());
    Pod pod = create("probes-liveness", "dead", "Always", c);

    eventually()
        .until(
            () ->
                status(get("probes-liveness", "dead"))
                    .map(s -> s.getRestartCount() >= 1)
                    .orElse(false));
    assertThat(event(pod, "Killing").orElseThrow().getMessage())
        .isEqualTo("Container app failed liveness probe, will be restarted");
    assertThat(event(pod, "Unhealthy").orElseThrow().getMessage())
        .startsWith("Liveness probe failed: dial tcp ")
        .endsWith("connect: connection refused");
    ContainerStatus restarted = status(get("probes-liveness", "dead")).orElseThrow();
    assertThat(restarted.getLastState().getTerminated().getExitCode()).isEqualTo(143);
  }

  @Test
  void aPodMarkedForDeletionIsStoppedAndReportsItsEnd() {
    startRunner();
    // A finalizer keeps the object after the delete: the API marks it with a deletionTimestamp.
    client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("graceful")
                .withNamespace("delete-marked")
                .addToFinalizers("example.test/hold")
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Always")
                .withContainers(container("app", "TEST_RUN_MS=600000"))
                .endSpec()
                .build())
        .create();
    eventually().until(() -> "Running".equals(phase(get("delete-marked", "graceful"))));
    long pid = pid(get("delete-marked", "graceful"), "app");

    client.pods().inNamespace("delete-marked").withName("graceful").delete();

    eventually()
        .until(() -> !alive(pid) && "Failed".equals(phase(get("delete-marked", "graceful"))));
    ContainerStatus stopped = status(get("delete-marked", "graceful")).orElseThrow();
    assertThat(stopped.getState().getTerminated().getExitCode()).isEqualTo(143);
    assertThat(stopped.getRestartCount()).isZero();
  }

  @Test
  void aProcessThatDoesNotStopOnSigtermIsKilledAfterTheGracePeriod() {
    startRunner();
    client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("stubborn")
                .withNamespace("delete-kill")
                .addToFinalizers("example.test/hold")
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withTerminationGracePeriodSeconds(1L)
                .withContainers(
                    container("app", "TEST_RUN_MS=600000", "TEST_SHUTDOWN_DELAY_MS=600000"))
                .endSpec()
                .build())
        .create();
    eventually().until(() -> "Running".equals(phase(get("delete-kill", "stubborn"))));
    long pid = pid(get("delete-kill", "stubborn"), "app");
    // SIGTERM before main() registered its hook would end the JVM at once: wait for the program.
    eventually()
        .until(
            () ->
                Files.exists(home.resolve("logs/delete-kill/stubborn/app.log"))
                    && Files.readString(home.resolve("logs/delete-kill/stubborn/app.log"))
                        .contains("shutdown delayed"));

    client.pods().inNamespace("delete-kill").withName("stubborn").delete();

    eventually().until(() -> !alive(pid) && "Failed".equals(phase(get("delete-kill", "stubborn"))));
    assertThat(JobControllerTest.terminated(get("delete-kill", "stubborn")).getExitCode())
        .isEqualTo(137);
  }

  @Test
  void anImageWhoseJarIsNotBuiltSaysSo() {
    startRunner(
        RunnerOptions.of(
            home,
            home.resolve("kubeconfig"),
            List.of(new RunnableImage(TEST_IMAGE, home.resolve("absent.jar"), List.of(), false))));
    create("unbuilt", "web", "Always", container("web"));
    eventually()
        .until(
            () ->
                status(get("unbuilt", "web"))
                    .map(
                        s ->
                            s.getState().getWaiting() != null
                                && "ImageNotRunnable".equals(s.getState().getWaiting().getReason()))
                    .orElse(false));
    assertThat(status(get("unbuilt", "web")).orElseThrow().getState().getWaiting().getMessage())
        .contains(home.resolve("absent.jar").toString())
        .contains("does not exist: build it first");
  }

  @Test
  void aRestartedRunnerRestartsWhatShouldRunAndFailsWhatCannotResume() {
    startRunner();
    create("restart", "server", "Always", container("app", "TEST_RUN_MS=600000"));
    create("restart", "batch", "Never", container("app", "TEST_RUN_MS=600000"));
    eventually()
        .until(
            () ->
                "Running".equals(phase(get("restart", "server")))
                    && "Running".equals(phase(get("restart", "batch"))));
    long before = pid(get("restart", "server"), "app");

    runner.close();
    assertThat(alive(before)).isFalse();
    startRunner();

    eventually()
        .until(
            () ->
                status(get("restart", "server"))
                    .map(s -> s.getRestartCount() == 1 && s.getState().getRunning() != null)
                    .orElse(false));
    ContainerStatus server = status(get("restart", "server")).orElseThrow();
    assertThat(server.getLastState().getTerminated().getReason())
        .isEqualTo("ContainerStatusUnknown");
    assertThat(pid(get("restart", "server"), "app")).isNotEqualTo(before);
    eventually().until(() -> "Failed".equals(phase(get("restart", "batch"))));
    assertThat(JobControllerTest.terminated(get("restart", "batch")).getReason())
        .isEqualTo("ContainerStatusUnknown");
  }

  static io.fabric8.kubernetes.api.model.EnvVar fieldRef(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }
}
