package io.drover.operator.inferenceservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.contract.serving.WakeRequest;
import io.drover.operator.api.common.Stage;
import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.RolloutPhase;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.ScalingState;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.Verdict;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.testing.DeploymentControllerSimulator;
import io.drover.operator.testing.DroverTestEnvironment;
import io.drover.operator.testing.ScriptedDataPlane;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The InferenceService controller against a Kubernetes API (the Fabric8 mock server in CRUD mode),
 * with the test playing the Deployment controller and kubelet, and the data plane scripted: what
 * the API holds is asserted — children, owner references, the routing table the router would
 * follow, status — across operator restarts. The same lifecycle with real routers and model servers
 * is in e2e-tests.
 */
@EnableKubernetesMockClient(crud = true)
class InferenceServiceLifecycleTest {

  static final String NS = "ml";
  static final ObjectMapper JSON = new ObjectMapper();

  KubernetesClient client;
  DroverTestEnvironment drover;
  DeploymentControllerSimulator deployments;
  ScriptedDataPlane dataPlane;

  @BeforeEach
  void start() {
    drover = new DroverTestEnvironment(client);
    drover.installCrds();
    dataPlane = new ScriptedDataPlane();
    drover.startOperator(dataPlane);
    deployments = new DeploymentControllerSimulator(client, NS);
  }

  @AfterEach
  void stop() {
    deployments.close();
    drover.stopOperator();
  }

  @Test
  void firstVersionIsServedBehindItsRouterByOwnedChildren() {
    registered(1);
    apply(
        """
        metadata: {name: iris, namespace: ml}
        spec:
          model: {name: iris-classifier, version: 1}
          runtime:
            resources: {cpu: 500m, memory: 512Mi}
            tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
        """);
    InferenceService served = awaitService(s -> isTrue(s, "Ready"));
    InferenceServiceStatus status = served.getStatus();
    assertThat(status.url()).isEqualTo("http://iris.ml.svc:8080");
    assertThat(status.stable().modelVersion()).isEqualTo("iris-classifier-v1");
    assertThat(status.stable().readyReplicas()).isEqualTo(1);
    assertThat(status.observedGeneration()).isEqualTo(served.getMetadata().getGeneration());
    assertThat(condition(served, "Ready").getObservedGeneration())
        .isEqualTo(served.getMetadata().getGeneration());

    Deployment server = get(Deployment.class, "iris-v1");
    ownedBy(server, served);
    Container container = server.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(DroverTestEnvironment.SERVING_IMAGE);
    assertThat(container.getReadinessProbe().getHttpGet().getPath())
        .as("ready when the model is, not the JVM")
        .isEqualTo("/v2/models/iris/ready");
    assertThat(container.getEnv())
        .anySatisfy(
            e -> assertEnv(e, "DROVER_MODEL_URI", "/drover/volumes/models/iris-classifier/run-1"))
        .anySatisfy(e -> assertEnv(e, "DROVER_MODEL_NAME", "iris"));
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    var pod = server.getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getTolerations()).hasSize(1);
    assertThat(pod.getVolumes())
        .anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue());

    ownedBy(get(Service.class, "iris-v1"), served);
    Service endpoint = get(Service.class, "iris");
    ownedBy(endpoint, served);
    assertThat(endpoint.getSpec().getSelector())
        .containsEntry("app.kubernetes.io/component", "router");
    Deployment router = get(Deployment.class, "iris-router");
    ownedBy(router, served);
    assertThat(router.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anySatisfy(e -> assertEnv(e, "DROVER_MODE", "router"))
        .anySatisfy(e -> assertEnv(e, "DROVER_ROUTER_CONFIGMAP", "ml/iris-routes"));
    Role role = get(Role.class, "iris-router");
    assertThat(role.getRules())
        .allSatisfy(rule -> assertThat(rule.getResourceNames()).as("least privilege").isNotEmpty());

    JsonNode table = routes();
    assertThat(table.path("variants")).hasSize(1);
    assertThat(table.path("variants").get(0).path("url").asText())
        .isEqualTo("http://iris-v1.ml.svc:8080");
    assertThat(table.path("variants").get(0).path("weight").asInt()).isEqualTo(100);

    NetworkPolicy policy = get(NetworkPolicy.class, "iris-model-servers");
    ownedBy(policy, served);
    assertThat(policy.getSpec().getIngress().get(0).getFrom()).hasSize(2);
  }

  @Test
  void newVersionRollsOutStepByStepAndAnOperatorRestartAtEveryStepResumesIt() {
    registered(1);
    registered(2);
    apply(
        """
        metadata: {name: iris, namespace: ml}
        spec:
          model: {name: iris-classifier, version: 1}
          rollout:
            strategy: Canary
            steps: [{weight: 10, pause: 2s}, {weight: 60, pause: 2s}]
            analysis: {minRequests: 50, interval: 1s}
        """);
    InferenceService first = awaitService(s -> isTrue(s, "Ready"));
    String stableUid = get(Deployment.class, "iris-v1").getMetadata().getUid();
    dataPlane.figures("iris-v1", 900, 0, 8);
    dataPlane.figures("iris-v2", 100, 0, 9);
    List<String> tables = new CopyOnWriteArrayList<>();
    recordRoutes(tables);

    edit("version: 1", "version: 2");
    InferenceService step0 =
        awaitService(
            s -> phase(s) == RolloutPhase.Progressing && s.getStatus().rollout().step() == 0);
    assertThat(step0.getStatus().rollout().smokeTest().accuracy()).isEqualTo(1.0);
    assertThat(step0.getStatus().candidate().weight()).isEqualTo(10);
    await().atMost(Duration.ofSeconds(10)).until(() -> weightOf(routes(), "iris-v2") == 10);
    String candidateUid = get(Deployment.class, "iris-v2").getMetadata().getUid();

    restart();
    InferenceService step1 = awaitService(s -> step(s) == 1);
    restart();
    InferenceService promoted = awaitService(s -> phase(s) == RolloutPhase.Promoted);
    restart();
    awaitService(s -> isTrue(s, "Ready") && phase(s) == RolloutPhase.Promoted);

    assertThat(promoted.getStatus().stable().version()).isEqualTo(2);
    assertThat(step1.getStatus().candidate().weight()).isEqualTo(60);
    assertThat(get(Deployment.class, "iris-v2").getMetadata().getUid())
        .as("the candidate's Deployment was never recreated")
        .isEqualTo(candidateUid);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.apps().deployments().inNamespace(NS).withName("iris-v1").get() == null);
    assertThat(stableUid).isNotNull();
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems())
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder("iris-v2", "iris-router");
    assertThat(weightOf(routes(), "iris-v2")).isEqualTo(100);
    assertThat(tables)
        .as("every split the router was given, in order")
        .extracting(
            t -> "v1=" + weightOf(json(t), "iris-v1") + " v2=" + weightOf(json(t), "iris-v2"))
        .containsSubsequence("v1=100 v2=0", "v1=90 v2=10", "v1=40 v2=60", "v1=0 v2=100");
    List<String> reasons =
        client.v1().events().inNamespace(NS).list().getItems().stream()
            .filter(e -> "iris".equals(e.getInvolvedObject().getName()))
            .map(io.fabric8.kubernetes.api.model.Event::getReason)
            .toList();
    assertThat(reasons).contains("RolloutStarted", "SmokeTestPassed", "StepStarted", "Promoted");
    assertThat(reasons.stream().filter("StepStarted"::equals).count())
        .as("two steps, neither restarted by the restarts")
        .isEqualTo(2);
    assertThat(reasons.stream().filter("SmokeTestPassed"::equals).count()).isEqualTo(1);
    assertThat(reasons.stream().filter("Promoted"::equals).count())
        .as("promoted exactly once across three restarts")
        .isEqualTo(1);
    assertThat(first.getStatus().stable().version()).isEqualTo(1);
  }

  @Test
  void aCandidateThatFailsItsSmokeTestNeverGetsTrafficAndIsRemembered() {
    registered(1);
    registered(2);
    apply(
        """
        metadata: {name: iris, namespace: ml}
        spec:
          model: {name: iris-classifier, version: 1}
          rollout: {strategy: Canary, steps: [{weight: 50, pause: 1s}]}
        """);
    awaitService(s -> isTrue(s, "Ready"));
    List<String> tables = new CopyOnWriteArrayList<>();
    recordRoutes(tables);
    dataPlane.answer("virginica");

    edit("version: 1", "version: 2");
    InferenceService failed = awaitService(s -> phase(s) == RolloutPhase.Failed);
    assertThat(failed.getStatus().rollout().smokeTest().accuracy()).isZero();
    assertThat(failed.getStatus().failedVersions().get(0).reason()).isEqualTo("SmokeTestFailed");
    assertThat(condition(failed, "Degraded").getStatus()).isEqualTo("True");
    assertThat(condition(failed, "Ready").getStatus()).as("v1 still serves").isEqualTo("True");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.apps().deployments().inNamespace(NS).withName("iris-v2").get() == null);
    assertThat(tables).allSatisfy(t -> assertThat(weightOf(json(t), "iris-v2")).isZero());
  }

  @Test
  void anUnhealthyStablePausesTheRolloutWithoutBlamingTheCandidate() {
    registered(1);
    registered(2);
    apply(
        """
        metadata: {name: iris, namespace: ml}
        spec:
          model: {name: iris-classifier, version: 1}
          rollout:
            strategy: Canary
            steps: [{weight: 20, pause: 1s}]
            analysis: {minRequests: 50, maxErrorPercent: 1, interval: 1s}
        """);
    awaitService(s -> isTrue(s, "Ready"));
    dataPlane.figures("iris-v1", 900, 90, 8);
    dataPlane.figures("iris-v2", 100, 10, 9);
    edit("version: 1", "version: 2");

    InferenceService paused = awaitService(s -> phase(s) == RolloutPhase.Paused);
    assertThat(paused.getStatus().rollout().lastAnalysis().baselineHealthy()).isFalse();
    assertThat(paused.getStatus().rollout().message()).contains("the stable version itself");
    assertThat(condition(paused, "Degraded").getReason()).isEqualTo("BaselineUnhealthy");
    assertThat(condition(paused, "Progressing").getReason()).isEqualTo("RolloutPaused");
    assertThat(paused.getStatus().candidate()).as("not rolled back").isNotNull();
    assertThat(paused.getStatus().failedVersions()).isNull();

    dataPlane.figures("iris-v1", 900, 0, 8);
    dataPlane.figures("iris-v2", 100, 0, 9);
    InferenceService promoted = awaitService(s -> phase(s) == RolloutPhase.Promoted);
    assertThat(promoted.getStatus().stable().version()).isEqualTo(2);
  }

  @Test
  void tooFewRequestsAreInconclusiveAndNeverPromoted() {
    registered(1);
    registered(2);
    apply(
        """
        metadata: {name: iris, namespace: ml}
        spec:
          model: {name: iris-classifier, version: 1}
          rollout:
            strategy: Canary
            steps: [{weight: 20, pause: 1s}]
            analysis: {minRequests: 50, interval: 1s, inconclusiveTimeout: 3s}
        """);
    awaitService(s -> isTrue(s, "Ready"));
    dataPlane.figures("iris-v1", 900, 0, 8);
    dataPlane.figures("iris-v2", 12, 0, 9);
    edit("version: 1", "version: 2");

    InferenceService paused = awaitService(s -> phase(s) == RolloutPhase.Paused);
    assertThat(paused.getStatus().rollout().lastAnalysis().verdict())
        .isEqualTo(Verdict.Inconclusive);
    assertThat(paused.getStatus().rollout().message()).contains("12 of the 50 requests");
    assertThat(paused.getStatus().stable().version()).as("never promoted").isEqualTo(1);
    assertThat(paused.getStatus().candidate().weight()).as("the split is kept").isEqualTo(20);
    assertThat(condition(paused, "Progressing").getStatus()).isEqualTo("False");
  }

  @Test
  void withoutSurgeARolloutNeverAsksForMoreGpusThanTheServiceMaximum() {
    registered(1);
    registered(2);
    apply(
        """
        metadata: {name: iris, namespace: ml}
        spec:
          model: {name: iris-classifier, version: 1}
          runtime: {resources: {gpus: 1}}
          scaling: {minReplicas: 2, maxReplicas: 2}
          rollout:
            strategy: Canary
            maxSurge: 0
            steps: [{weight: 50, pause: 1s}, {weight: 100, pause: 1s}]
            analysis: {minRequests: 10, interval: 1s}
        """);
    awaitService(s -> isTrue(s, "Ready"));
    dataPlane.figures("iris-v1", 500, 0, 5);
    dataPlane.figures("iris-v2", 500, 0, 5);
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .inform(
            new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
              @Override
              public void onAdd(Deployment d) {
                seen.add(gpus());
              }

              @Override
              public void onUpdate(Deployment a, Deployment b) {
                seen.add(gpus());
              }

              @Override
              public void onDelete(Deployment d, boolean unknown) {
                seen.add(gpus());
              }
            });
    edit("version: 1", "version: 2");
    awaitService(s -> phase(s) == RolloutPhase.Promoted);
    assertThat(seen).isNotEmpty().allSatisfy(g -> assertThat(g).isLessThanOrEqualTo(2));
  }

  @Test
  void aServiceTrackingProductionServesWhatTheRegistryPromoted() {
    apply(
        """
        metadata: {name: iris, namespace: ml}
        spec:
          model: {name: iris-classifier, stage: Production}
        """);
    InferenceService waiting = awaitService(s -> s.getStatus().conditions() != null);
    assertThat(condition(waiting, "Ready").getReason()).isEqualTo("ModelNotFound");

    // The registry (the real ModelVersion controller) promotes the first version of the model.
    register(1, "promotion: Production");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client
                    .resources(ModelVersion.class)
                    .inNamespace(NS)
                    .withName("iris-classifier-v1")
                    .get(),
            v -> v.getStatus() != null && v.getStatus().stage() == Stage.Production);
    InferenceService served = awaitService(s -> isTrue(s, "Ready"));
    assertThat(served.getStatus().stable().modelVersion()).isEqualTo("iris-classifier-v1");
  }

  // ---- scaling --------------------------------------------------------------------------------

  @Test
  void anIdleVersionScalesToZeroAndTheRoutersWakeUpBringsItBack() {
    registered(1);
    apply(
        """
        metadata: {name: iris, namespace: ml}
        spec:
          model: {name: iris-classifier, version: 1}
          runtime: {resources: {cpu: "2", gpus: 1}}
          scaling: {minReplicas: 0, idleAfter: 10m}
        """);
    awaitService(s -> isTrue(s, "Ready"));
    dataPlane.lastRequest("iris-v1", drover.clock.instant());

    drover.clock.advance(Duration.ofMinutes(11));
    nudge();
    // Ready says ScaledToZero once the replica is gone (while it drains, it still serves).
    InferenceService asleep =
        awaitService(
            s ->
                scalingState(s) == ScalingState.ScaledToZero
                    && s.getStatus().stable().readyReplicas() == 0);
    assertThat(asleep.getStatus().scaling().message()).contains("no request for 10m");
    assertThat(condition(asleep, "Ready").getStatus()).as("the router wakes it").isEqualTo("True");
    assertThat(condition(asleep, "Ready").getReason()).isEqualTo("ScaledToZero");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get(Deployment.class, "iris-v1").getSpec().getReplicas() == 0);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> routes().path("variants").get(0).path("scaledToZero").asBoolean());

    drover.clock.advance(Duration.ofMinutes(20));
    nudge();
    InferenceService saved =
        awaitService(
            s ->
                s.getStatus().scaling().cost().gpuSecondsSaved() != null
                    && s.getStatus().scaling().cost().gpuSecondsSaved() >= 1200);
    assertThat(saved.getStatus().scaling().cost().gpuSeconds())
        .as("11 minutes awake with one GPU")
        .isBetween(600.0, 720.0);

    // The router asks exactly this way: a merge patch of the annotation.
    client
        .resources(InferenceService.class)
        .inNamespace(NS)
        .withName("iris")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"%s\":\"%s\"}}}"
                .formatted(
                    WakeRequest.ANNOTATION,
                    new WakeRequest("iris-v1", drover.clock.instant()).value()));
    InferenceService awake = awaitService(s -> scalingState(s) == ScalingState.Active);
    assertThat(awake.getStatus().scaling().message()).contains("v1 woke in");
    assertThat(get(Deployment.class, "iris-v1").getSpec().getReplicas()).isEqualTo(1);
    assertThat(routes().path("variants").get(0).has("scaledToZero")).isFalse();
    assertThat(events()).contains("ScaledToZero", "Waking", "Woken");
    assertThat(
            drover
                .registry()
                .get("drover.gpu.seconds.saved")
                .tags("kind", "InferenceService", "namespace", NS, "name", "iris")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1200.0);
  }

  @Test
  void anAutoscalerScalesBetweenOneAndMaxAndKeepsItsReplicasAcrossRewrites() {
    registered(1);
    apply(
        """
        metadata: {name: iris, namespace: ml}
        spec:
          model: {name: iris-classifier, version: 1}
          runtime: {resources: {cpu: 500m, memory: 512Mi}}
          scaling: {maxReplicas: 4, targetCpuUtilizationPercent: 60}
        """);
    InferenceService served = awaitService(s -> isTrue(s, "Ready"));
    assertThat(served.getStatus().scaling().autoscaler()).isEqualTo("HorizontalPodAutoscaler");
    HorizontalPodAutoscaler hpa = get(HorizontalPodAutoscaler.class, "iris-v1");
    ownedBy(hpa, served);
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("iris-v1");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(4);
    assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
        .isEqualTo(60);

    // The HorizontalPodAutoscaler scales the Deployment up, as the real one does.
    Deployment scaled = get(Deployment.class, "iris-v1");
    scaled.getSpec().setReplicas(3);
    client.resource(scaled).update();
    edit("512Mi", "768Mi");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                get(Deployment.class, "iris-v1")
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getResources()
                    .getRequests()
                    .get("memory")
                    .toString()
                    .equals("768Mi"));
    assertThat(get(Deployment.class, "iris-v1").getSpec().getReplicas())
        .as("the rewrite keeps the autoscaler's count")
        .isEqualTo(3);
  }

  @Test
  void concurrencyScalingUsesKedaWhenItIsInstalledAndSaysWhatToDoWhenNot() {
    registered(1);
    apply(
        """
        metadata: {name: iris, namespace: ml}
        spec:
          model: {name: iris-classifier, version: 1}
          scaling: {maxReplicas: 3, metric: Concurrency, targetConcurrency: 4}
        """);
    InferenceService without = awaitService(s -> isTrue(s, "Ready") && isTrue(s, "Degraded"));
    assertThat(condition(without, "Degraded").getReason()).isEqualTo("ScalingNotPossible");
    assertThat(condition(without, "Degraded").getMessage())
        .contains("install KEDA, or set spec.scaling.metric to Cpu");

    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: scaledobjects.keda.sh}
                spec:
                  group: keda.sh
                  scope: Namespaced
                  names: {kind: ScaledObject, plural: scaledobjects, singular: scaledobject}
                  versions:
                    - name: v1alpha1
                      served: true
                      storage: true
                      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                """,
                io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class))
        .create();
    drover.clock.advance(Duration.ofMinutes(2));
    nudge();
    awaitService(s -> !isTrue(s, "Degraded"));
    var scaledObject =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    client
                        .genericKubernetesResources(AutoscalerBuilder.SCALED_OBJECTS)
                        .inNamespace(NS)
                        .withName("iris-v1")
                        .get(),
                o -> o != null);
    JsonNode spec = JSON.valueToTree(scaledObject.getAdditionalProperties().get("spec"));
    assertThat(spec.path("scaleTargetRef").path("name").asText()).isEqualTo("iris-v1");
    assertThat(spec.path("minReplicaCount").asInt()).isEqualTo(1);
    assertThat(spec.path("maxReplicaCount").asInt()).isEqualTo(3);
    JsonNode trigger = spec.path("triggers").get(0);
    assertThat(trigger.path("type").asText()).isEqualTo("metrics-api");
    assertThat(trigger.path("metadata").path("url").asText())
        .isEqualTo("http://iris.ml.svc:8080/router/stats");
    assertThat(trigger.path("metadata").path("valueLocation").asText())
        .isEqualTo("variants.#(name==\"iris-v1\").stats.inFlight");
    assertThat(trigger.path("metadata").path("targetValue").asText()).isEqualTo("4");
  }

  @Test
  void outsideItsWindowsNothingRunsAndTheRouterIsToldWhenItOpens() {
    drover.clock.set(Instant.parse("2026-12-05T12:00:00Z")); // a Saturday
    registered(1);
    apply(
        """
        metadata: {name: iris, namespace: ml}
        spec:
          model: {name: iris-classifier, version: 1}
          scaling:
            preWarm: 10m
            activeWindows: [{days: [Mon, Tue, Wed, Thu, Fri], start: "08:00", end: "18:00"}]
        """);
    InferenceService closed = awaitService(s -> scalingState(s) == ScalingState.OutsideWindow);
    assertThat(closed.getStatus().scaling().opensAt()).isEqualTo("2026-12-07T08:00:00Z");
    assertThat(condition(closed, "Ready").getReason()).isEqualTo("OutsideWindow");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> routes().path("closed").path("opensAt").asText().equals("2026-12-07T08:00:00Z"));
    assertThat(get(Deployment.class, "iris-v1").getSpec().getReplicas()).isZero();

    drover.clock.set(Instant.parse("2026-12-07T07:51:00Z"));
    nudge();
    InferenceService warm = awaitService(s -> isTrue(s, "Ready"));
    assertThat(warm.getStatus().scaling().state()).isEqualTo(ScalingState.Active);
    assertThat(warm.getStatus().scaling().nextWindowChange()).isEqualTo("2026-12-07T18:00:00Z");
    assertThat(routes().has("closed")).isFalse();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private ModelVersion registered(int version) {
    return register(version, "");
  }

  private ModelVersion register(int version, String extra) {
    ModelVersion model =
        Serialization.unmarshal(
            """
            apiVersion: drover.io/v1alpha1
            kind: ModelVersion
            metadata: {name: iris-classifier-v%d, namespace: ml, labels: {drover.io/model: iris-classifier}}
            spec:
              model: iris-classifier
              version: %d
              artifact: {uri: "pvc://models/iris-classifier/run-%d", format: DroverMlp, digest: "sha256:%s"}
              metrics: {accuracy: 0.95}
              %s
            """
                .formatted(version, version, version, String.valueOf(version).repeat(64), extra),
            ModelVersion.class);
    return client.resource(model).create();
  }

  private void apply(String yaml) {
    client
        .resource(
            Serialization.unmarshal(
                "apiVersion: drover.io/v1alpha1\nkind: InferenceService\n" + yaml,
                InferenceService.class))
        .create();
  }

  private void edit(String from, String to) {
    InferenceService current = service();
    String yaml = Serialization.asYaml(current).replace(from, to);
    InferenceService changed = Serialization.unmarshal(yaml, InferenceService.class);
    changed.getMetadata().setGeneration(current.getMetadata().getGeneration() + 1);
    client.resource(changed).update();
  }

  /** Any event makes the operator look again; after moving the clock, the test makes one. */
  private void nudge() {
    ConfigMap routes = get(ConfigMap.class, "iris-routes");
    routes.getMetadata().getAnnotations().put("test/nudge", Long.toString(System.nanoTime()));
    client.resource(routes).update();
  }

  private List<String> events() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "iris".equals(e.getInvolvedObject().getName()))
        .map(io.fabric8.kubernetes.api.model.Event::getReason)
        .toList();
  }

  private static ScalingState scalingState(InferenceService s) {
    return s.getStatus().scaling() == null ? null : s.getStatus().scaling().state();
  }

  private void restart() {
    drover.stopOperator();
    drover.startOperator(dataPlane);
  }

  private InferenceService service() {
    return client.resources(InferenceService.class).inNamespace(NS).withName("iris").get();
  }

  private InferenceService awaitService(Predicate<InferenceService> condition) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(this::service, s -> s != null && s.getStatus() != null && condition.test(s));
  }

  private <T extends HasMetadata> T get(Class<T> kind, String name) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.resources(kind).inNamespace(NS).withName(name).get(), o -> o != null);
  }

  private JsonNode routes() {
    return json(
        get(ConfigMap.class, "iris-routes").getData().get(InferenceServiceResources.ROUTES_KEY));
  }

  private void recordRoutes(List<String> tables) {
    tables.add(
        get(ConfigMap.class, "iris-routes").getData().get(InferenceServiceResources.ROUTES_KEY));
    client
        .configMaps()
        .inNamespace(NS)
        .withName("iris-routes")
        .inform(
            new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
              @Override
              public void onAdd(ConfigMap c) {}

              @Override
              public void onUpdate(ConfigMap a, ConfigMap b) {
                String table = b.getData().get(InferenceServiceResources.ROUTES_KEY);
                if (!table.equals(tables.get(tables.size() - 1))) {
                  tables.add(table);
                }
              }

              @Override
              public void onDelete(ConfigMap c, boolean unknown) {}
            });
  }

  private int gpus() {
    return client.apps().deployments().inNamespace(NS).list().getItems().stream()
        .filter(d -> !d.getMetadata().getName().endsWith("-router"))
        .mapToInt(
            d -> {
              var limits =
                  d.getSpec()
                      .getTemplate()
                      .getSpec()
                      .getContainers()
                      .get(0)
                      .getResources()
                      .getLimits();
              int each = limits != null && limits.containsKey("nvidia.com/gpu") ? 1 : 0;
              return each * d.getSpec().getReplicas();
            })
        .sum();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int weightOf(JsonNode table, String variant) {
    for (JsonNode v : table.path("variants")) {
      if (variant.equals(v.path("name").asText()) && !"shadow".equals(v.path("role").asText())) {
        return v.path("weight").asInt();
      }
    }
    return 0;
  }

  private static RolloutPhase phase(InferenceService s) {
    return s.getStatus().rollout() == null ? null : s.getStatus().rollout().phase();
  }

  private static int step(InferenceService s) {
    return s.getStatus().rollout() == null || s.getStatus().rollout().step() == null
        ? -1
        : s.getStatus().rollout().step();
  }

  private static Condition condition(InferenceService s, String type) {
    return s.getStatus().conditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  private static boolean isTrue(InferenceService s, String type) {
    return s.getStatus().conditions() != null
        && s.getStatus().conditions().stream()
            .anyMatch(c -> c.getType().equals(type) && "True".equals(c.getStatus()));
  }

  private static void ownedBy(HasMetadata child, InferenceService owner) {
    assertThat(child.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo(owner.getMetadata().getUid());
              assertThat(o.getController()).isTrue();
            });
  }

  private static void assertEnv(
      io.fabric8.kubernetes.api.model.EnvVar env, String name, String value) {
    assertThat(env.getName()).isEqualTo(name);
    assertThat(env.getValue()).isEqualTo(value);
  }
}
