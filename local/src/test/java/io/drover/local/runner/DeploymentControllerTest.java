package io.drover.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Deployment controller, against the mock API, with a real HTTP process as its one pod. */
@EnableKubernetesMockClient(crud = true)
class DeploymentControllerTest extends RunnerTestSupport {

  static KubernetesClient client;

  @Override
  KubernetesClient client() {
    return client;
  }

  /** A server that is ready once {@code readyFile} exists, probed every second. */
  static Container server(Path readyFile, String reply) {
    Container c =
        container(
            "server",
            "TEST_SERVE=true",
            "TEST_REPLY=" + reply,
            "TEST_READY_FILE=" + readyFile,
            "TEST_SHUTDOWN_DELAY_MS=1000");
    c.setPorts(
        List.of(
            new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
                .withName("http")
                .withContainerPort(8080)
                .build()));
    c.setReadinessProbe(
        new ProbeBuilder()
            .withNewHttpGet()
            .withPath("/ready")
            .withPort(new IntOrString("http"))
            .endHttpGet()
            .withPeriodSeconds(1)
            .withFailureThreshold(1)
            .build());
    return c;
  }

  static Deployment deployment(String namespace, String name, int replicas, Container container) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withContainers(container)
        .withTerminationGracePeriodSeconds(5L)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  Deployment get(String namespace, String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  static Optional<DeploymentCondition> condition(Deployment d, String type) {
    return d.getStatus() == null || d.getStatus().getConditions() == null
        ? Optional.empty()
        : d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static boolean available(Deployment d) {
    return condition(d, "Available").map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  static Optional<ContainerStatus> status(Pod pod) {
    return pod.getStatus() == null
            || pod.getStatus().getContainerStatuses() == null
            || pod.getStatus().getContainerStatuses().isEmpty()
        ? Optional.empty()
        : Optional.of(pod.getStatus().getContainerStatuses().get(0));
  }

  @Test
  void becomesAvailableOnlyOnceItsReadinessProbePasses() throws Exception {
    startRunner();
    Path ready = home.resolve("ready-web");
    long created = System.nanoTime();
    client
        .apps()
        .deployments()
        .resource(deployment("deploy-ready", "web", 3, server(ready, "v1")))
        .create();

    // Running and probed, not ready: the Deployment is not available.
    eventually()
        .until(
            () ->
                pods("deploy-ready").stream()
                    .anyMatch(
                        p ->
                            event(p, "Unhealthy").isPresent()
                                && status(p)
                                    .map(s -> s.getState().getRunning() != null)
                                    .orElse(false)));
    Deployment waiting = get("deploy-ready", "web");
    assertThat(available(waiting)).isFalse();
    assertThat(condition(waiting, "Available").orElseThrow().getReason())
        .isEqualTo("MinimumReplicasUnavailable");
    assertThat(condition(waiting, "Progressing").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(waiting.getStatus().getReadyReplicas()).isNull();
    assertThat(waiting.getStatus().getUnavailableReplicas()).isEqualTo(3);
    assertThat(waiting.getStatus().getUpdatedReplicas()).isEqualTo(3);

    Files.writeString(ready, "yes");
    long readyAt = System.nanoTime();
    eventually().until(() -> available(get("deploy-ready", "web")));
    long availableAt = System.nanoTime();

    Deployment done = get("deploy-ready", "web");
    assertThat(done.getStatus().getObservedGeneration())
        .isEqualTo(done.getMetadata().getGeneration());
    assertThat(done.getStatus().getReplicas()).isEqualTo(3);
    assertThat(done.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(done.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(done.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(done.getStatus().getUnavailableReplicas()).isNull();
    assertThat(condition(done, "Available").orElseThrow().getReason())
        .isEqualTo("MinimumReplicasAvailable");
    eventually()
        .until(
            () ->
                condition(get("deploy-ready", "web"), "Progressing")
                    .map(DeploymentCondition::getReason)
                    .orElse("")
                    .equals("NewReplicaSetAvailable"));
    List<Pod> pods = pods("deploy-ready");
    assertThat(pods).hasSize(1);
    Pod pod = pods.get(0);
    String hash = pod.getMetadata().getLabels().get("pod-template-hash");
    assertThat(hash).isNotBlank();
    assertThat(pod.getMetadata().getName()).matches("web-" + hash + "-[a-z0-9]{5}");
    assertThat(pod.getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(pod.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("Deployment");
    assertThat(pod.getMetadata().getOwnerReferences().get(0).getUid())
        .isEqualTo(done.getMetadata().getUid());
    assertThat(condition(get("deploy-ready", "web"), "Progressing").orElseThrow().getMessage())
        .isEqualTo("ReplicaSet \"web-" + hash + "\" has successfully progressed.");
    assertThat(pod.getStatus().getPodIP()).startsWith("127.").isNotEqualTo("127.0.0.1");
    System.out.printf(
        "MEASURE deployment created -> probed unready: pod up; ready file -> Available: %d ms%n",
        (availableAt - readyAt) / 1_000_000);
    System.out.printf(
        "MEASURE deployment created -> Available (trivial HTTP program, ready file written once probed): %d ms%n",
        (availableAt - created) / 1_000_000);
  }

  @Test
  void scalingToZeroStopsTheProcess() throws Exception {
    startRunner();
    Path ready = home.resolve("ready");
    Files.writeString(ready, "yes");
    long created = System.nanoTime();
    client
        .apps()
        .deployments()
        .resource(deployment("deploy-scale", "web", 1, server(ready, "v1")))
        .create();
    eventually().until(() -> available(get("deploy-scale", "web")));
    System.out.printf(
        "MEASURE deployment created -> Available (trivial HTTP program, readiness period 1 s): %d ms%n",
        (System.nanoTime() - created) / 1_000_000);
    long pid = pid(pods("deploy-scale").get(0), "server");
    assertThat(alive(pid)).isTrue();

    client.apps().deployments().inNamespace("deploy-scale").withName("web").scale(0);

    eventually().until(() -> pods("deploy-scale").isEmpty() && !alive(pid));
    eventually().until(() -> get("deploy-scale", "web").getStatus().getReplicas() == null);
    Deployment scaled = get("deploy-scale", "web");
    assertThat(available(scaled)).isTrue();
    assertThat(scaled.getStatus().getReadyReplicas()).isNull();
    assertThat(scaled.getStatus().getObservedGeneration())
        .isEqualTo(scaled.getMetadata().getGeneration());
  }

  @Test
  void aCrashingContainerIsRestartedWithBackOff() {
    startRunner();
    client
        .apps()
        .deployments()
        .resource(
            deployment(
                "deploy-crash",
                "crash",
                1,
                container("app", "TEST_EXIT_CODE=1", "TEST_RUN_MS=100", "TEST_LOG=crashing")))
        .create();

    eventually()
        .until(
            () ->
                pods("deploy-crash").stream()
                    .flatMap(p -> status(p).stream())
                    .anyMatch(
                        s ->
                            s.getRestartCount() >= 2
                                && s.getState().getWaiting() != null
                                && "CrashLoopBackOff"
                                    .equals(s.getState().getWaiting().getReason())));
    Pod pod = pods("deploy-crash").get(0);
    ContainerStatus s = status(pod).orElseThrow();
    assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(s.getState().getWaiting().getMessage())
        .startsWith("back-off ")
        .contains("restarting failed container=app");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    eventually().until(() -> event(pods("deploy-crash").get(0), "BackOff").isPresent());
    assertThat(available(get("deploy-crash", "crash"))).isFalse();
  }

  @Test
  void aRolloutThatNeverBecomesReadyExceedsItsProgressDeadline() {
    startRunner();
    Deployment d = deployment("deploy-stuck", "stuck", 1, server(home.resolve("never"), "v1"));
    d.getSpec().setProgressDeadlineSeconds(2);
    client.apps().deployments().resource(d).create();

    eventually()
        .until(
            () ->
                condition(get("deploy-stuck", "stuck"), "Progressing")
                    .map(DeploymentCondition::getReason)
                    .orElse("")
                    .equals("ProgressDeadlineExceeded"));
    DeploymentCondition progressing =
        condition(get("deploy-stuck", "stuck"), "Progressing").orElseThrow();
    assertThat(progressing.getStatus()).isEqualTo("False");
    assertThat(progressing.getMessage())
        .matches("ReplicaSet \"stuck-[a-z0-9]+\" has timed out progressing\\.");
  }
}
