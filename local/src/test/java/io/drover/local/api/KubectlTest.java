package io.drover.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Real kubectl (v1.32) against the local API: what a user types, and what they see. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlTest {

  private static final ResourceDefinitionContext TRAINING_RUNS =
      new ResourceDefinitionContext.Builder()
          .withGroup("drover.io")
          .withVersion("v1alpha1")
          .withPlural("trainingruns")
          .withKind("TrainingRun")
          .withNamespaced(true)
          .build();

  @TempDir static Path home;
  @TempDir static Path cache;
  private LocalApiServer server;
  private KubernetesClient client;
  private Kubectl kubectl;

  @BeforeAll
  void start() {
    Path binary = Kubectl.find().orElse(null);
    Assumptions.assumeTrue(
        binary != null, "needs kubectl: set DROVER_KUBECTL or put kubectl on the PATH");
    server = LocalApiServer.start(LocalApiOptions.of(home));
    client = server.client();
    kubectl = new Kubectl(binary, server.kubeconfig(), cache);
    kubectl.run("apply", "-f", Repository.crds().toString()).ok();
    kubectl.run("apply", "-f", Repository.examples().toString()).ok();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void getPrintsTheCrdsPrinterColumns() {
    String table = kubectl.run("get", "trainingruns").ok();
    assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly(
            "NAME", "PHASE", "MODEL", "METRIC", "VALUE", "DURATION", "TRIALS", "BEST", "AGE");
    assertThat(table).containsPattern("(?m)^iris\\s+iris-classifier\\s+\\d+s$");

    String wide = kubectl.run("get", "trun", "iris", "-o", "wide").ok();
    assertThat(wide.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly(
            "NAME",
            "PHASE",
            "MODEL",
            "METRIC",
            "VALUE",
            "DURATION",
            "TRIALS",
            "BEST",
            "AGE",
            "VERSION",
            "MESSAGE");
  }

  @Test
  void getByCategoryListsAllThreeDroverKinds() {
    String all = kubectl.run("get", "drover").ok();
    assertThat(all)
        .contains("trainingrun.drover.io/iris")
        .contains("modelversion.drover.io/fraud-detector-1")
        .contains("inferenceservice.drover.io/iris");
  }

  @Test
  void builtInKindsPrintTheColumnsOfARealServer() {
    kubectl.withInput(deployment("columns"), "apply", "-f", "-").ok();
    assertThat(kubectl.run("get", "deployment", "columns").ok().lines().findFirst().orElseThrow())
        .matches("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE");
    assertThat(kubectl.run("get", "deployment", "columns", "-o", "wide").ok())
        .containsPattern("columns\\s+0/1\\s+0\\s+0\\s+\\d+s\\s+app\\s+nginx:1\\s+app=columns");
    kubectl.withInput(pod("column-pod"), "apply", "-f", "-").ok();
    assertThat(kubectl.run("get", "pods", "column-pod").ok())
        .containsPattern("(?m)^NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE$")
        .containsPattern("column-pod\\s+0/1\\s+Pending\\s+0\\s+\\d+s");
  }

  @Test
  void explainShowsTheCrdsFieldDescriptions() {
    String explained = kubectl.run("explain", "trainingrun.spec.limits").ok();
    assertThat(explained)
        .contains("KIND:       TrainingRun")
        .contains("FIELD: limits <Object>")
        .contains("activeDeadline\t<string>")
        .contains("Retries of a failed trainer pod");
  }

  @Test
  void mergePatchReplacesListsAndRemovesNullsAndStatusPatchSetsStatus() throws IOException {
    String service =
        Files.readString(Repository.examples().resolve("canary-inferenceservice.yaml"))
            .replace("name: iris\n", "name: patched\n");
    kubectl.withInput(service, "apply", "-f", "-").ok();
    kubectl
        .run(
            "patch",
            "inferenceservice",
            "patched",
            "--type=merge",
            "-p",
            "{\"spec\":{\"rollout\":{\"steps\":[{\"weight\":100}]},\"scaling\":{\"idleAfter\":null}}}")
        .ok();
    assertThat(kubectl.run("get", "disvc", "patched", "-o", "jsonpath={.spec.rollout.steps}").ok())
        .as("a merge patch replaces a list")
        .isEqualTo("[{\"weight\":100}]");
    assertThat(kubectl.run("get", "disvc", "patched", "-o", "jsonpath={.spec.scaling}").ok())
        .as("null removes a field")
        .doesNotContain("idleAfter")
        .contains("\"maxReplicas\":4");

    kubectl
        .run(
            "patch",
            "inferenceservice",
            "patched",
            "--subresource=status",
            "--type=merge",
            "-p",
            "{\"status\":{\"traffic\":\"v1 90% / v2 10%\",\"rollout\":{\"phase\":\"Progressing\"}}}")
        .ok();
    assertThat(kubectl.run("get", "inferenceservice", "patched").ok())
        .containsPattern("patched\\s+v1 90% / v2 10%");
    assertThat(kubectl.run("get", "inferenceservice", "patched", "-o", "wide").ok())
        .as("the priority-1 column of -o wide")
        .containsPattern("v1 90% / v2 10%\\s+Progressing");
    assertThat(
            kubectl
                .run("get", "inferenceservice", "patched", "-o", "jsonpath={.metadata.generation}")
                .ok())
        .as("the spec patch bumped the generation, the status patch did not")
        .isEqualTo("2");
  }

  @Test
  void waitReturnsOnceTheApiSetsTheCondition() throws Exception {
    kubectl.withInput(trainingRun("awaited"), "apply", "-f", "-").ok();
    Process wait =
        kubectl.start(null, "wait", "trun/awaited", "--for=condition=Ready", "--timeout=30s");
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(wait::isAlive);
    trainingRuns()
        .withName("awaited")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Trained\","
                + "\"message\":\"done\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}");
    assertThat(wait.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(wait.exitValue()).isZero();
    assertThat(read(wait.getInputStream())).contains("trainingrun.drover.io/awaited condition met");
  }

  @Test
  void getWatchPrintsEachChangeAsARow() {
    kubectl.withInput(trainingRun("watched"), "apply", "-f", "-").ok();
    Process watch = kubectl.start(null, "get", "trun", "watched", "-w");
    try {
      StringBuilder seen = new StringBuilder();
      InputStream out = watch.getInputStream();
      await().atMost(Duration.ofSeconds(10)).until(() -> append(out, seen).contains("watched"));
      trainingRuns()
          .withName("watched")
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Succeeded\"}}");
      await().atMost(Duration.ofSeconds(10)).until(() -> append(out, seen).contains("Succeeded"));
      assertThat(seen.toString().lines().filter(l -> l.startsWith("NAME")).count())
          .as("the header is printed once")
          .isEqualTo(1);
    } finally {
      watch.destroy();
    }
  }

  @Test
  void describeShowsTheObjectAndItsEvents() {
    kubectl.withInput(trainingRun("described"), "apply", "-f", "-").ok();
    GenericKubernetesResource run = trainingRuns().withName("described").get();
    recordEvent(
        run.getKind(), run.getMetadata().getName(), run.getMetadata().getUid(), "JobCreated");
    String described = kubectl.run("describe", "trun", "described").ok();
    assertThat(described)
        .contains("Name:         described")
        .containsPattern("Model:\\s+iris-classifier")
        .containsPattern(
            "Normal\\s+JobCreated\\s+\\S+\\s+drover-operator\\s+created the trainer Job");
    assertThat(kubectl.run("events", "--for", "trainingrun/described").ok())
        .contains("JobCreated")
        .contains("TrainingRun/described");
  }

  @Test
  void deleteCollectsWhatTheObjectOwned() {
    kubectl.withInput(deployment("owner"), "apply", "-f", "-").ok();
    var deployment = client.apps().deployments().withName("owner").get();
    var replicaSet =
        client
            .apps()
            .replicaSets()
            .resource(
                new ReplicaSetBuilder()
                    .withNewMetadata()
                    .withName("owner-1")
                    .addNewOwnerReference()
                    .withApiVersion("apps/v1")
                    .withKind("Deployment")
                    .withName("owner")
                    .withUid(deployment.getMetadata().getUid())
                    .withController(true)
                    .endOwnerReference()
                    .endMetadata()
                    .withNewSpec()
                    .withNewSelector()
                    .addToMatchLabels("app", "owner")
                    .endSelector()
                    .withTemplate(deployment.getSpec().getTemplate())
                    .endSpec()
                    .build())
            .create();
    client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("owner-1-pod")
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName("owner-1")
                .withUid(replicaSet.getMetadata().getUid())
                .endOwnerReference()
                .endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .build())
        .create();

    assertThat(kubectl.run("delete", "deployment", "owner").ok())
        .contains("deployment.apps \"owner\" deleted");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(client.apps().replicaSets().withName("owner-1").get()).isNull();
              assertThat(client.pods().withName("owner-1-pod").get()).isNull();
            });
  }

  @Test
  void logsServesTheContainersOutputAndFollowsUntilItTerminates() throws Exception {
    kubectl.withInput(pod("logger"), "apply", "-f", "-").ok();
    Path log = home.resolve("logs/default/logger/app.log");
    Files.createDirectories(log.getParent());
    Files.writeString(log, "one\ntwo\nthree\n");
    assertThat(kubectl.run("logs", "logger", "--tail=2").ok()).isEqualTo("two\nthree\n");

    Process follow = kubectl.start(null, "logs", "-f", "logger", "-c", "app");
    StringBuilder seen = new StringBuilder();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> append(follow.getInputStream(), seen).contains("three"));
    Files.writeString(log, "four\n", java.nio.file.StandardOpenOption.APPEND);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> append(follow.getInputStream(), seen).contains("four"));
    client
        .pods()
        .withName("logger")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"containerStatuses\":[{\"name\":\"app\",\"state\":{\"terminated\":{\"exitCode\":0}}}]}}");
    assertThat(follow.waitFor(10, TimeUnit.SECONDS))
        .as("following ends with the container")
        .isTrue();
    assertThat(follow.exitValue()).isZero();
  }

  @Test
  void invalidObjectsAreRefusedNamingTheField() {
    String invalid =
        trainingRun("invalid").replace("spec:\n", "spec:\n  limits: {backoffLimit: -1}\n");
    Kubectl.Result refused = kubectl.withInput(invalid, "apply", "-f", "-");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err())
        .contains(
            "The TrainingRun \"invalid\" is invalid: spec.limits.backoffLimit: Invalid value: -1")
        .contains("greater than or equal to 0");

    String unknown = trainingRun("unknown-field").replace("spec:\n", "spec:\n  bogus: 1\n");
    Kubectl.Result strict = kubectl.withInput(unknown, "apply", "-f", "-");
    assertThat(strict.code()).isNotZero();
    assertThat(strict.err()).contains("strict decoding error: unknown field \"spec.bogus\"");

    Kubectl.Result warned = kubectl.withInput(unknown, "apply", "--validate=warn", "-f", "-");
    assertThat(warned.ok()).contains("trainingrun.drover.io/unknown-field created");
    assertThat(warned.err()).contains("unknown field \"spec.bogus\"");
    assertThat(kubectl.run("get", "trun", "unknown-field", "-o", "jsonpath={.spec}").ok())
        .doesNotContain("bogus");
    Kubectl.Result patched = kubectl.withInput(unknown, "apply", "-f", "-");
    assertThat(patched.code()).isNotZero();
    assertThat(patched.err())
        .as("a patch adding an unknown field is refused as a real server words it")
        .contains("The request is invalid: patch: Invalid value:")
        .contains("strict decoding error: unknown field \"spec.bogus\"");
  }

  @Test
  void unknownFieldsOfBuiltInKindsAreRefusedOrDroppedAsOnARealServer() {
    String typo =
        deployment("typo").replace("spec:\n  selector", "spec:\n  replica: 2\n  selector");
    Kubectl.Result refused = kubectl.withInput(typo, "apply", "-f", "-");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err())
        .contains(
            "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error:"
                + " unknown field \"spec.replica\"");
    Kubectl.Result warned = kubectl.withInput(typo, "apply", "--validate=warn", "-f", "-");
    assertThat(warned.ok()).contains("deployment.apps/typo created");
    assertThat(warned.err()).contains("unknown field \"spec.replica\"");
    assertThat(kubectl.run("get", "deployment", "typo", "-o", "jsonpath={.spec}").ok())
        .doesNotContain("replica\"");
    assertThat(
            kubectl
                .run("apply", "-k", Repository.root().resolve("manifests/install").toString())
                .ok())
        .as("the install manifests have no unknown fields")
        .contains("deployment.apps/drover-operator created");
  }

  @Test
  void imperativeCreateCommandsSendingProtobufWork() {
    kubectl.run("create", "namespace", "imperative").ok();
    kubectl
        .run(
            "-n",
            "imperative",
            "create",
            "deployment",
            "web",
            "--image=nginx",
            "--replicas=0",
            "--port=80")
        .ok();
    assertThat(
            kubectl
                .run(
                    "-n",
                    "imperative",
                    "get",
                    "deployment",
                    "web",
                    "-o",
                    "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].ports[0].containerPort}")
                .ok())
        .as("an explicit zero survives the protobuf body")
        .isEqualTo("0 80");
    kubectl.run("-n", "imperative", "create", "secret", "generic", "s", "--from-literal=p=q").ok();
    assertThat(
            kubectl.run("-n", "imperative", "get", "secret", "s", "-o", "jsonpath={.data.p}").ok())
        .isEqualTo("cQ==");
    kubectl
        .run("-n", "imperative", "run", "r", "--image=busybox", "--env=A=1", "--", "sleep", "1")
        .ok();
    assertThat(
            kubectl
                .run(
                    "-n",
                    "imperative",
                    "get",
                    "pod",
                    "r",
                    "-o",
                    "jsonpath={.spec.containers[0].args} {.spec.containers[0].env[0].value}")
                .ok())
        .isEqualTo("[\"sleep\",\"1\"] 1");
    kubectl
        .run("-n", "imperative", "expose", "deployment", "web", "--port=8080", "--target-port=80")
        .ok();
    assertThat(kubectl.run("-n", "imperative", "get", "service", "web").ok())
        .containsPattern("web\\s+ClusterIP\\s+<none>\\s+<none>\\s+8080/TCP");
  }

  @Test
  void whatLocalModeCannotDoIsRefusedWithAClearMessage() {
    kubectl.withInput(pod("no-exec"), "apply", "-f", "-").ok();
    Kubectl.Result exec = kubectl.run("exec", "no-exec", "--", "ls");
    assertThat(exec.code()).isNotZero();
    assertThat(exec.err()).contains("pods/exec is not supported by Drover's local API");

    Kubectl.Result unknown = kubectl.run("get", "--raw", "/apis/nothing.example.com/v1/things");
    assertThat(unknown.code()).isNotZero();
    assertThat(unknown.err()).contains("NotFound");
  }

  @Test
  void setBasedLabelSelectorsSelect() {
    kubectl.withInput(trainingRun("team-a", "squad: a"), "apply", "-f", "-").ok();
    kubectl.withInput(trainingRun("team-b", "squad: b"), "apply", "-f", "-").ok();
    kubectl.withInput(trainingRun("team-c", "squad: c"), "apply", "-f", "-").ok();
    String selected = kubectl.run("get", "trun", "-l", "squad in (a,c)", "-o", "name").ok();
    assertThat(selected.lines())
        .containsExactly("trainingrun.drover.io/team-a", "trainingrun.drover.io/team-c");
    assertThat(
            kubectl.run("get", "trun", "-l", "squad notin (a,c),squad", "-o", "name").ok().lines())
        .containsExactly("trainingrun.drover.io/team-b");
  }

  private io.fabric8.kubernetes.client.dsl.MixedOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      trainingRuns() {
    return client.genericKubernetesResources(TRAINING_RUNS);
  }

  private void recordEvent(String kind, String name, String uid, String reason) {
    client
        .v1()
        .events()
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(name + ".event")
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion("drover.io/v1alpha1")
                .withKind(kind)
                .withName(name)
                .withNamespace("default")
                .withUid(uid)
                .endInvolvedObject()
                .withType("Normal")
                .withReason(reason)
                .withMessage("created the trainer Job")
                .withNewSource()
                .withComponent("drover-operator")
                .endSource()
                .withFirstTimestamp(java.time.Instant.now().toString())
                .withLastTimestamp(java.time.Instant.now().toString())
                .withCount(1)
                .build())
        .create();
  }

  static String trainingRun(String name, String... labels) {
    return """
        apiVersion: drover.io/v1alpha1
        kind: TrainingRun
        metadata:
          name: %s
          labels: {%s}
        spec:
          model: iris-classifier
          dataset:
            uri: pvc://datasets/iris.csv
          hyperparameters:
            epochs: "50"
            seed: "42"
        """
        .formatted(name, String.join(", ", labels));
  }

  static String deployment(String name) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %1$s
        spec:
          selector: {matchLabels: {app: %1$s}}
          template:
            metadata: {labels: {app: %1$s}}
            spec:
              containers: [{name: app, image: "nginx:1"}]
        """
        .formatted(name);
  }

  static String pod(String name) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
        spec:
          containers: [{name: app, image: busybox}]
        """
        .formatted(name);
  }

  private static String read(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Appends what the stream has ready (without blocking) and returns all seen so far. */
  private static String append(InputStream in, StringBuilder seen) throws IOException {
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    while (in.available() > 0) {
      chunk.write(in.read());
    }
    seen.append(chunk.toString(StandardCharsets.UTF_8));
    return seen.toString();
  }
}
