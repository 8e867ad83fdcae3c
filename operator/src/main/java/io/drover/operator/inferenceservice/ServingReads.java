package io.drover.operator.inferenceservice;

import io.drover.contract.serving.ModelMetadata;
import io.drover.contract.serving.TestRows;
import io.drover.operator.api.inferenceservice.InferenceService;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.MonitoringStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.SmokeTestResult;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.VariantStatus;
import io.drover.operator.api.inferenceservice.InferenceServiceStatus.Verdict;
import io.drover.operator.api.inferenceservice.SmokeTest;
import io.drover.operator.api.modelversion.ModelVersion;
import io.drover.operator.inferenceservice.dataplane.DataPlane;
import io.drover.operator.inferenceservice.dataplane.DataPlaneException;
import io.drover.operator.inferenceservice.dataplane.FiguresReader;
import io.drover.operator.inferenceservice.dataplane.MonitoringSource.LiveVersion;
import io.drover.operator.inferenceservice.dataplane.MonitoringSource.ServerPod;
import io.drover.operator.inferenceservice.dataplane.MonitoringSources;
import io.drover.operator.inferenceservice.dataplane.SampleRows;
import io.drover.operator.inferenceservice.dataplane.SmokeTester;
import io.drover.operator.inferenceservice.rollout.RolloutFigures;
import io.drover.operator.inferenceservice.rollout.StrategyEvidence;
import io.drover.operator.kubernetes.DroverLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The observations a rollout decision asks for ({@code RolloutPlanner.needs}), read from the data
 * plane's pods directly: the candidate's smoke test, both versions' model metadata (for Auto), and
 * the figures of an analysis.
 */
final class ServingReads {

  private final DataPlane dataPlane;
  private final SmokeTester smokeTester;
  private final FiguresReader figuresReader;
  private final MonitoringSources monitoringSources;

  ServingReads(DataPlane dataPlane, MonitoringSources monitoringSources) {
    this.dataPlane = dataPlane;
    this.smokeTester = new SmokeTester(dataPlane);
    this.figuresReader = new FiguresReader(dataPlane);
    this.monitoringSources = monitoringSources;
  }

  SmokeTestResult smokeTest(
      InferenceService service,
      KubernetesClient client,
      List<Pod> servicePods,
      List<ModelVersion> versions,
      Instant now) {
    VariantStatus candidate = service.getStatus().candidate();
    int port = service.getSpec().runtimeOrDefault().portOrDefault();
    List<String> ready = ServingObserver.readyAddresses(variantPods(servicePods, candidate), port);
    SmokeTest settings = service.getSpec().rolloutOrDefault().smokeTestOrDefault();
    Double expected =
        versions.stream()
            .filter(v -> v.getMetadata().getName().equals(candidate.modelVersion()))
            .findFirst()
            .map(ServedVersion::of)
            .map(ServedVersion::accuracy)
            .orElse(null);
    if (ready.isEmpty()) {
      return new SmokeTestResult(
          now.toString(), Verdict.Fail, "none", 0, null, expected, 1, "no ready pod to test");
    }
    Optional<TestRows> samples;
    try {
      samples = samples(service, client, settings);
    } catch (IllegalArgumentException e) {
      return new SmokeTestResult(
          now.toString(),
          Verdict.Fail,
          "ConfigMap " + settings.samplesConfigMap(),
          0,
          null,
          expected,
          0,
          e.getMessage());
    }
    return smokeTester.run(
        ready.get(0), ModelServerBuilder.modelName(service), settings, samples, expected, now);
  }

  private Optional<TestRows> samples(
      InferenceService service, KubernetesClient client, SmokeTest settings) {
    if (settings.samplesConfigMap() == null) {
      return Optional.empty();
    }
    String source = "ConfigMap " + settings.samplesConfigMap();
    ConfigMap configMap =
        client
            .configMaps()
            .inNamespace(service.getMetadata().getNamespace())
            .withName(settings.samplesConfigMap())
            .get();
    if (configMap == null
        || configMap.getData() == null
        || !configMap.getData().containsKey("samples.csv")) {
      throw new IllegalArgumentException(
          source
              + " (spec.rollout.smokeTest.samplesConfigMap) does not exist or has no samples.csv key");
    }
    return Optional.of(SampleRows.parse(configMap.getData().get("samples.csv"), source));
  }

  StrategyEvidence evidence(InferenceService service, List<Pod> servicePods) {
    int port = service.getSpec().runtimeOrDefault().portOrDefault();
    String model = ModelServerBuilder.modelName(service);
    InferenceServiceStatus status = service.getStatus();
    List<String> problems = new ArrayList<>();
    var stable = metadata(status.stable(), servicePods, port, model, problems);
    var candidate = metadata(status.candidate(), servicePods, port, model, problems);
    return new StrategyEvidence(stable, candidate, String.join("; ", problems));
  }

  private Optional<ModelMetadata> metadata(
      VariantStatus variant, List<Pod> servicePods, int port, String model, List<String> problems) {
    List<String> ready = ServingObserver.readyAddresses(variantPods(servicePods, variant), port);
    if (ready.isEmpty()) {
      problems.add("v%d has no ready pod".formatted(variant.version()));
      return Optional.empty();
    }
    try {
      return Optional.of(dataPlane.metadata(ready.get(0), model));
    } catch (DataPlaneException e) {
      problems.add(e.getMessage());
      return Optional.empty();
    }
  }

  RolloutFigures figures(InferenceService service, List<Pod> servicePods) {
    InferenceServiceStatus status = service.getStatus();
    int port = service.getSpec().runtimeOrDefault().portOrDefault();
    boolean switched = status.candidate() == null;
    VariantStatus judged = switched ? status.stable() : status.candidate();
    VariantStatus baseline = switched ? null : status.stable();
    List<Pod> routers = routers(servicePods);
    Map<String, List<String>> servers = new HashMap<>();
    servers.put(judged.variant(), addresses(servicePods, judged, port));
    if (baseline != null) {
      servers.put(baseline.variant(), addresses(servicePods, baseline, port));
    }
    return figuresReader.read(
        baseline,
        judged,
        ServingObserver.readyAddresses(routers, InferenceServiceResources.ROUTER_PORT),
        servers,
        ModelServerBuilder.modelName(service));
  }

  /** Whether the live versions' figures are due to be read again (spec.monitoring.interval). */
  static boolean monitoringDue(InferenceService service, Instant now) {
    InferenceServiceStatus status = service.getStatus();
    if (status == null || status.stable() == null) {
      return false;
    }
    MonitoringStatus last = status.monitoring();
    if (last == null || last.time() == null) {
      return true;
    }
    Instant read = Instant.parse(last.time());
    Duration interval = service.getSpec().monitoringOrDefault().intervalOrDefault();
    return !read.plus(interval).isAfter(now) || read.isAfter(now);
  }

  /** When the figures are next due, from a status that has them. */
  static Optional<Duration> nextReading(
      InferenceServiceStatus status, InferenceService service, Instant now) {
    if (status == null || status.stable() == null || status.monitoring() == null) {
      return Optional.empty();
    }
    Instant due =
        Instant.parse(status.monitoring().time())
            .plus(service.getSpec().monitoringOrDefault().intervalOrDefault());
    return Optional.of(due.isAfter(now) ? Duration.between(now, due) : Duration.ZERO);
  }

  /**
   * Every live version's figures, from each of its ready pods, merged per version, read from the
   * source spec.monitoring.source names.
   */
  MonitoringStatus monitoring(InferenceService service, List<Pod> servicePods, Instant now) {
    InferenceServiceStatus status = service.getStatus();
    int port = service.getSpec().runtimeOrDefault().portOrDefault();
    List<LiveVersion> live = new ArrayList<>();
    for (VariantStatus variant :
        java.util.stream.Stream.of(status.stable(), status.candidate())
            .filter(java.util.Objects::nonNull)
            .toList()) {
      List<ServerPod> ready = new ArrayList<>();
      for (Pod pod : variantPods(servicePods, variant)) {
        ServingObserver.readyAddresses(List.of(pod), port).stream()
            .findFirst()
            .ifPresent(address -> ready.add(new ServerPod(pod.getMetadata().getName(), address)));
      }
      live.add(new LiveVersion(variant, ready));
    }
    var monitoring = service.getSpec().monitoringOrDefault();
    return monitoringSources
        .of(monitoring)
        .read(
            service.getMetadata().getNamespace(),
            ModelServerBuilder.modelName(service),
            live,
            monitoring.driftThresholdOrDefault(),
            now);
  }

  /**
   * The last request every router replica saw for a variant. A router that cannot be read counts as
   * having seen one just now: an unknown idle time never scales a version to zero.
   */
  Optional<Instant> lastRequest(List<Pod> servicePods, String variant, Instant now) {
    List<String> routers =
        ServingObserver.readyAddresses(routers(servicePods), InferenceServiceResources.ROUTER_PORT);
    if (routers.isEmpty()) {
      return Optional.of(now);
    }
    Instant last = null;
    for (String router : routers) {
      try {
        String seen =
            dataPlane
                .routerStats(router)
                .variant(variant)
                .map(v -> v.stats() == null ? null : v.stats().lastRequestTime())
                .orElse(null);
        if (seen != null) {
          Instant at = Instant.parse(seen);
          last = last == null || at.isAfter(last) ? at : last;
        }
      } catch (DataPlaneException | java.time.format.DateTimeParseException e) {
        return Optional.of(now);
      }
    }
    return Optional.ofNullable(last);
  }

  private static List<Pod> routers(List<Pod> servicePods) {
    return servicePods.stream()
        .filter(
            pod ->
                InferenceServiceResources.ROUTER.equals(
                    labels(pod).get(DroverLabels.COMPONENT_LABEL)))
        .toList();
  }

  private static List<String> addresses(List<Pod> servicePods, VariantStatus variant, int port) {
    return ServingObserver.readyAddresses(variantPods(servicePods, variant), port);
  }

  private static List<Pod> variantPods(List<Pod> servicePods, VariantStatus variant) {
    return servicePods.stream()
        .filter(
            pod ->
                variant.variant().equals(labels(pod).get(InferenceServiceResources.VARIANT_LABEL)))
        .toList();
  }

  private static Map<String, String> labels(HasMetadata object) {
    return object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
  }
}
