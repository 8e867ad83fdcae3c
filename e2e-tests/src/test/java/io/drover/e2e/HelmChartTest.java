package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.LintResult;
import io.drover.e2e.support.Charts;
import io.drover.e2e.support.Crds;
import io.drover.e2e.support.Repo;
import io.drover.e2e.support.Yamls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart, rendered and linted by the Helm library bundled in helm-java. */
class HelmChartTest {

  @Test
  void lintPassesStrictlyWithDefaultValues() {
    LintResult result = Charts.lint(Repo.CHART);

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
  }

  @Test
  void lintPassesStrictlyWithNamespacedValues(@TempDir Path tmp) throws IOException {
    // helm-java's lint takes no values file: lint a copy whose values.yaml has the namespaced ones.
    Path chart = copyChart(tmp);
    Map<String, Object> values = Yamls.parseOne(chart.resolve("values.yaml"));
    values.putAll(Yamls.parseOne(Charts.NAMESPACED_VALUES));
    Files.writeString(chart.resolve("values.yaml"), Yamls.MAPPER.writeValueAsString(values));

    LintResult result = Charts.lint(chart);

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
  }

  @Test
  void lintFailsOnABrokenTemplate(@TempDir Path tmp) throws IOException {
    // Proves the lint above can fail: the same chart with one unbalanced action does.
    Path chart = copyChart(tmp);
    Path service = chart.resolve("templates/service.yaml");
    Files.writeString(service, Files.readString(service).replace("{{- end }}", ""));

    assertThat(Charts.lint(chart).isFailed()).isTrue();
  }

  @Test
  void defaultInstallHasTheOperatorItsPermissionsAndTheApprovalGate() {
    List<Map<String, Object>> objs = Charts.render();

    assertThat(objs)
        .extracting(o -> Yamls.kind(o) + "/" + Yamls.name(o))
        .containsExactlyInAnyOrder(
            "ServiceAccount/drover-operator",
            "ClusterRole/drover-operator",
            "ClusterRoleBinding/drover-operator",
            "Role/drover-operator-leader-election",
            "RoleBinding/drover-operator-leader-election",
            "Service/drover-operator",
            "Deployment/drover-operator",
            "ValidatingAdmissionPolicy/drover-modelversion-approval",
            "ValidatingAdmissionPolicyBinding/drover-modelversion-approval",
            "ClusterRole/drover-viewer",
            "ClusterRole/drover-data-scientist",
            "ClusterRole/drover-platform-engineer",
            "ClusterRole/drover-approver");
    for (Map<String, Object> o : objs) {
      assertThat((Map<String, Object>) Yamls.at(o, "metadata.labels"))
          .as("standard labels on %s", Yamls.kind(o))
          .containsEntry("app.kubernetes.io/name", "drover")
          .containsEntry("app.kubernetes.io/instance", Charts.RELEASE)
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("app.kubernetes.io/version", "0.1.0")
          .containsKey("helm.sh/chart");
    }
  }

  static Stream<String> valueSets() {
    return Stream.of("default", "namespaced");
  }

  @ParameterizedTest(name = "{0} values")
  @MethodSource("valueSets")
  void operatorPodMeetsTheRestrictedPodSecurityStandard(String values) {
    Map<String, Object> deployment =
        Yamls.single(
            values.equals("default") ? Charts.render() : Charts.renderNamespaced(), "Deployment");
    Map<String, Object> pod = Yamls.at(deployment, "spec.template.spec");

    assertThat((Object) Yamls.at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
    assertThat((Object) Yamls.at(pod, "securityContext.seccompProfile.type"))
        .isEqualTo("RuntimeDefault");
    assertThat(pod).doesNotContainKeys("hostNetwork", "hostPID", "hostIPC");
    List<Map<String, Object>> containers = Yamls.list(pod, "containers");
    assertThat(containers).isNotEmpty();
    for (Map<String, Object> c : containers) {
      Map<String, Object> sc = Yamls.at(c, "securityContext");
      assertThat(sc)
          .as("container %s", c.get("name"))
          .containsEntry("allowPrivilegeEscalation", false)
          .containsEntry("readOnlyRootFilesystem", true)
          .containsEntry("runAsNonRoot", true)
          .doesNotContainKey("privileged");
      assertThat((List<String>) Yamls.at(sc, "capabilities.drop")).containsExactly("ALL");
      assertThat((Object) Yamls.at(sc, "capabilities.add")).isNull();
      assertThat(Yamls.list(c, "volumeMounts"))
          .as("a writable /tmp for a read-only root filesystem")
          .anySatisfy(
              m -> assertThat(m).containsEntry("mountPath", "/tmp").containsEntry("name", "tmp"));
    }
    assertThat(Yamls.list(pod, "volumes"))
        .anySatisfy(v -> assertThat(v).containsEntry("name", "tmp").containsKey("emptyDir"));
    assertThat(Yamls.list(pod, "volumes")).noneSatisfy(v -> assertThat(v).containsKey("hostPath"));
  }

  @Test
  void operatorIsProbedOnTheQuarkusHealthEndpointsAndConfiguredFromValues() {
    Map<String, Object> deployment =
        Yamls.single(
            Charts.render(
                t ->
                    t.set("image.tag", "0.2.0")
                        .set("training.trainer.image", "registry.example/trainer:7")
                        .set("training.defaultOutputUri", "pvc://drover-models")
                        .set("training.pendingTimeout", "30m")
                        .set("training.ttlAfterFinished", "6h")
                        .set("monitoring.prometheusUrl", "http://prometheus.monitoring.svc:9090")),
            "Deployment");
    Map<String, Object> c = Yamls.list(deployment, "spec.template.spec.containers").get(0);

    assertThat(c.get("image")).isEqualTo("ghcr.io/drover-dev/drover-operator:0.2.0");
    assertThat((Object) Yamls.at(c, "livenessProbe.httpGet.path")).isEqualTo("/q/health/live");
    assertThat((Object) Yamls.at(c, "readinessProbe.httpGet.path")).isEqualTo("/q/health/ready");
    assertThat(Yamls.list(c, "ports"))
        .singleElement()
        .satisfies(
            p -> assertThat(p).containsEntry("name", "http").containsEntry("containerPort", 8080));
    assertThat(env(c))
        .containsEntry("DROVER_TRAINING_TRAINER_IMAGE", "registry.example/trainer:7")
        .containsEntry("DROVER_TRAINING_DEFAULT_OUTPUT_URI", "pvc://drover-models")
        .containsEntry("DROVER_TRAINING_PENDING_TIMEOUT", "30m")
        .containsEntry("DROVER_TRAINING_TTL_AFTER_FINISHED", "6h")
        .containsEntry("DROVER_MONITORING_PROMETHEUS_URL", "http://prometheus.monitoring.svc:9090")
        .containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "JOSDK_ALL_NAMESPACES");
  }

  @Test
  void objectStorageValuesBecomeTheOperatorsStorageSettings() {
    Map<String, Object> c =
        Yamls.list(
                Yamls.single(
                    Charts.render(
                        t ->
                            t.set("storage.secretName", "minio-credentials")
                                .set("storage.endpoint", "http://minio.storage.svc:9000")
                                .set("storage.pathStyle", "true")
                                .set("storage.region", "eu-west-1")
                                .set("storage.cache.hostPath", "/var/cache/drover")),
                    "Deployment"),
                "spec.template.spec.containers")
            .get(0);

    assertThat(env(c))
        .containsEntry("DROVER_STORAGE_SECRET_NAME", "minio-credentials")
        .containsEntry("DROVER_STORAGE_ENDPOINT", "http://minio.storage.svc:9000")
        .containsEntry("DROVER_STORAGE_PATH_STYLE", "true")
        .containsEntry("DROVER_STORAGE_REGION", "eu-west-1")
        .containsEntry("DROVER_STORAGE_CACHE_HOST_PATH", "/var/cache/drover")
        .containsEntry("DROVER_STORAGE_CACHE_SIZE_LIMIT", "4Gi");
    Map<String, Object> defaults =
        Yamls.list(Yamls.single(Charts.render(), "Deployment"), "spec.template.spec.containers")
            .get(0);
    assertThat(env(defaults))
        .containsEntry("DROVER_STORAGE_PATH_STYLE", "false")
        .doesNotContainKeys(
            "DROVER_STORAGE_SECRET_NAME", "DROVER_STORAGE_ENDPOINT", "DROVER_STORAGE_REGION");
  }

  @Test
  void defaultsLeaveTheOutputUriUnsetAndUseTheChartsAppVersion() {
    Map<String, Object> c =
        Yamls.list(Yamls.single(Charts.render(), "Deployment"), "spec.template.spec.containers")
            .get(0);

    assertThat(c.get("image")).isEqualTo("ghcr.io/drover-dev/drover-operator:0.1.0");
    assertThat(env(c))
        .doesNotContainKey("DROVER_TRAINING_DEFAULT_OUTPUT_URI")
        .doesNotContainKey("DROVER_MONITORING_PROMETHEUS_URL");
  }

  @Test
  void clusterRoleHasNoWildcardsAndLeasesStayInTheReleaseNamespace() {
    List<Map<String, Object>> objs = Charts.render();

    for (Map<String, Object> role : Yamls.ofKind(objs, "ClusterRole")) {
      for (Map<String, Object> rule : Yamls.list(role, "rules")) {
        assertThat(rule.toString()).as(Yamls.name(role)).doesNotContain("*");
      }
    }
    assertThat(Yamls.list(operatorRole(objs, "ClusterRole"), "rules"))
        .noneSatisfy(r -> assertThat((List<String>) r.get("resources")).contains("leases"));
    Map<String, Object> leases = Yamls.single(objs, "Role");
    assertThat((Object) Yamls.at(leases, "metadata.namespace")).isEqualTo(Charts.NAMESPACE);
    assertThat(Yamls.list(leases, "rules"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat((List<String>) r.get("apiGroups")).containsExactly("coordination.k8s.io");
              assertThat((List<String>) r.get("resources")).containsExactly("leases");
              assertThat((List<String>) r.get("verbs"))
                  .containsExactlyInAnyOrder("get", "create", "update");
            });
  }

  @Test
  void chartRulesCoverEveryRuleTheOperatorBuildGenerates() {
    assumeTrue(
        Files.exists(Repo.GENERATED_OPERATOR_MANIFEST),
        Repo.GENERATED_OPERATOR_MANIFEST
            + " is absent (the operator has not been built): cannot compare the chart's RBAC with"
            + " the rules the operator declares");
    List<Map<String, Object>> generated =
        Yamls.ofKind(Yamls.parseAll(Repo.GENERATED_OPERATOR_MANIFEST), "ClusterRole");
    List<Map<String, Object>> chartRules =
        Yamls.list(operatorRole(Charts.render(), "ClusterRole"), "rules");
    List<Map<String, Object>> namespacedRoles =
        Yamls.ofKind(Charts.renderNamespaced(), "Role").stream()
            .filter(r -> Yamls.name(r).equals("drover-operator"))
            .toList();

    List<String> missing = new ArrayList<>();
    List<Map<String, Object>> generatedRules =
        generated.stream()
            .filter(role -> !"view".equals(Yamls.name(role)))
            .flatMap(role -> Yamls.list(role, "rules").stream())
            .toList();
    assertThat(generatedRules).isNotEmpty();
    for (Map<String, Object> rule : generatedRules) {
      for (String grant : grants(rule)) {
        if (chartRules.stream().noneMatch(r -> grants(r).contains(grant))) {
          missing.add(grant);
        }
      }
    }
    assertThat(missing)
        .as(
            "operator permissions missing from drover.operatorRules in"
                + " helm/drover/templates/_helpers.tpl (then regenerate manifests/install:"
                + " ./mvnw -pl e2e-tests verify -Ddrover.updateInstall=true)")
        .isEmpty();
    assertThat(namespacedRoles).hasSize(2);
    for (Map<String, Object> role : namespacedRoles) {
      assertThat(Yamls.list(role, "rules"))
          .as("Role in %s", (Object) Yamls.at(role, "metadata.namespace"))
          .isEqualTo(chartRules);
    }
  }

  @Test
  void watchingListedNamespacesGrantsNothingClusterWide() {
    List<Map<String, Object>> objs = Charts.renderNamespaced();

    assertThat(Yamls.ofKind(objs, "ClusterRole")).isEmpty();
    assertThat(Yamls.ofKind(objs, "ClusterRoleBinding")).isEmpty();
    assertThat(Yamls.ofKind(objs, "RoleBinding"))
        .extracting(
            o ->
                Yamls.at(o, "metadata.namespace")
                    + "/"
                    + Yamls.at(o, "roleRef.kind")
                    + "/"
                    + Yamls.at(o, "roleRef.name"))
        .containsExactlyInAnyOrder(
            "team-a/Role/drover-operator",
            "team-b/Role/drover-operator",
            "drover-system/Role/drover-operator-leader-election");
    for (Map<String, Object> binding : Yamls.ofKind(objs, "RoleBinding")) {
      assertThat(Yamls.list(binding, "subjects"))
          .singleElement()
          .isEqualTo(
              Map.of(
                  "kind",
                  "ServiceAccount",
                  "name",
                  "drover-operator",
                  "namespace",
                  Charts.NAMESPACE));
    }
    Map<String, Object> c =
        Yamls.list(Yamls.single(objs, "Deployment"), "spec.template.spec.containers").get(0);
    assertThat(env(c)).containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "team-a,team-b");
    assertThat(
            (List<String>)
                Yamls.at(
                    Yamls.list(
                            Yamls.single(objs, "ValidatingAdmissionPolicyBinding"),
                            "spec.matchResources.namespaceSelector.matchExpressions")
                        .get(0),
                    "values"))
        .as("the approval gate covers the watched namespaces")
        .containsExactly("team-a", "team-b");
  }

  @Test
  void serviceMonitorIsOptional() {
    assertThat(Yamls.ofKind(Charts.render(), "ServiceMonitor")).isEmpty();

    Map<String, Object> monitor =
        Yamls.single(
            Charts.render(
                t ->
                    t.set("metrics.serviceMonitor.enabled", "true")
                        .set("metrics.serviceMonitor.labels.release", "prom")),
            "ServiceMonitor");
    Map<String, Object> service = Yamls.single(Charts.render(), "Service");

    assertThat((Map<String, Object>) Yamls.at(monitor, "spec.selector.matchLabels"))
        .isEqualTo(Yamls.at(service, "spec.selector"));
    assertThat((Map<String, Object>) Yamls.at(monitor, "metadata.labels"))
        .containsEntry("release", "prom");
    assertThat(Yamls.list(monitor, "spec.endpoints"))
        .singleElement()
        .satisfies(
            e -> assertThat(e).containsEntry("port", "http").containsEntry("path", "/q/metrics"));
    assertThat(Yamls.list(service, "spec.ports"))
        .singleElement()
        .satisfies(
            p -> assertThat(p).containsEntry("name", "http").containsEntry("targetPort", "http"));
  }

  @Test
  void refusesValueCombinationsThatCannotWork() {
    assertThatThrownBy(
            () ->
                Charts.render(
                    t -> t.set("replicaCount", "2").set("leaderElection.enabled", "false")))
        .hasMessageContaining("replicaCount > 1 needs leaderElection.enabled");
    assertThatThrownBy(
            () ->
                Charts.render(
                    t ->
                        t.set("metrics.serviceMonitor.enabled", "true")
                            .set("metrics.service.enabled", "false")))
        .hasMessageContaining("needs metrics.service.enabled");
  }

  @Test
  void valuesSchemaRefusesTyposAndMalformedValues() {
    assertThatThrownBy(() -> Charts.render(t -> t.set("watchNamespace", "team-a")))
        .hasMessageContaining("watchNamespace");
    assertThatThrownBy(() -> Charts.render(t -> t.set("watchNamespaces[0]", "Team_A")))
        .hasMessageContaining("/watchNamespaces/0");
    assertThatThrownBy(() -> Charts.render(t -> t.set("training.pendingTimeout", "15 minutes")))
        .hasMessageContaining("/training/pendingTimeout");
    assertThatThrownBy(() -> Charts.render(t -> t.set("approvers.group", "it's-me")))
        .hasMessageContaining("/approvers/group");
    assertThatThrownBy(
            () -> Charts.render(t -> t.set("monitoring.prometheusUrl", "prometheus:9090")))
        .hasMessageContaining("/monitoring/prometheusUrl");
    assertThat(Charts.render(t -> t.set("training.pendingTimeout", "1h30m"))).isNotEmpty();
  }

  @Test
  void schedulingAndPullSecretValuesReachThePod() {
    Map<String, Object> pod =
        Yamls.at(
            Yamls.single(
                Charts.render(
                    t ->
                        t.set("nodeSelector.kubernetes\\.io/os", "linux")
                            .set("tolerations[0].key", "dedicated")
                            .set("tolerations[0].operator", "Exists")
                            .set("imagePullSecrets[0].name", "regcred")
                            .set("podAnnotations.team", "ml-platform")),
                "Deployment"),
            "spec.template");

    assertThat((Map<String, Object>) Yamls.at(pod, "spec.nodeSelector"))
        .containsEntry("kubernetes.io/os", "linux");
    assertThat(Yamls.list(pod, "spec.tolerations"))
        .singleElement()
        .satisfies(t -> assertThat(t).containsEntry("key", "dedicated"));
    assertThat(Yamls.list(pod, "spec.imagePullSecrets")).containsExactly(Map.of("name", "regcred"));
    assertThat((Map<String, Object>) Yamls.at(pod, "metadata.annotations"))
        .containsEntry("team", "ml-platform");
  }

  @Test
  void everyValueIsDocumentedInTheReadme() throws IOException {
    String readme = Files.readString(Repo.CHART.resolve("README.md"));
    List<String> undocumented = new ArrayList<>();
    collectLeaves("", Yamls.parseOne(Repo.CHART.resolve("values.yaml")), undocumented);

    undocumented.removeIf(
        path -> {
          // A documented key covers what lies under it (resources.requests.cpu under resources).
          for (String p = path;
              !p.isEmpty();
              p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
            if (readme.contains("`" + p + "`")) {
              return true;
            }
          }
          return false;
        });
    assertThat(undocumented).as("values missing from the table in helm/drover/README.md").isEmpty();
  }

  private static void collectLeaves(String prefix, Object node, List<String> out) {
    if (node instanceof Map<?, ?> map && !map.isEmpty()) {
      map.forEach(
          (k, v) -> collectLeaves(prefix.isEmpty() ? (String) k : prefix + "." + k, v, out));
    } else {
      out.add(prefix);
    }
  }

  @Test
  void chartCrdsAreByteForByteTheGeneratedOnes() throws IOException {
    assertSameFiles(Repo.CRDS, Repo.CHART.resolve("crds"));
    assertThat(Crds.byKind()).containsOnlyKeys("TrainingRun", "ModelVersion", "InferenceService");
  }

  static void assertSameFiles(Path expectedDir, Path actualDir) throws IOException {
    List<String> expected =
        Crds.files(expectedDir).stream().map(p -> p.getFileName().toString()).toList();
    List<String> actual =
        Crds.files(actualDir).stream().map(p -> p.getFileName().toString()).toList();
    assertThat(actual).as("CRD files in %s", actualDir).isEqualTo(expected).isNotEmpty();
    for (String name : expected) {
      assertThat(Files.readAllBytes(actualDir.resolve(name)))
          .as(
              "%s differs from %s: copy it again (cp %s %s)",
              actualDir.resolve(name),
              expectedDir.resolve(name),
              expectedDir.resolve(name),
              actualDir)
          .isEqualTo(Files.readAllBytes(expectedDir.resolve(name)));
    }
  }

  /** The operator's own ClusterRole or Role (the people's roles have other names). */
  static Map<String, Object> operatorRole(List<Map<String, Object>> objs, String kind) {
    return Yamls.ofKind(objs, kind).stream()
        .filter(r -> Yamls.name(r).equals("drover-operator"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " drover-operator"));
  }

  /** Each (apiGroup, resource, verb) a rule grants. */
  private static List<String> grants(Map<String, Object> rule) {
    List<String> out = new ArrayList<>();
    for (Object g : (List<?>) rule.get("apiGroups")) {
      for (Object r : (List<?>) rule.get("resources")) {
        for (Object v : (List<?>) rule.get("verbs")) {
          out.add(g + "/" + r + ":" + v);
        }
      }
    }
    return out;
  }

  private static Map<String, Object> env(Map<String, Object> container) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map<String, Object> e : Yamls.list(container, "env")) {
      out.put((String) e.get("name"), e.containsKey("value") ? e.get("value") : e.get("valueFrom"));
    }
    return out;
  }

  private static Path copyChart(Path tmp) throws IOException {
    Path target = tmp.resolve("drover");
    try (Stream<Path> files = Files.walk(Repo.CHART)) {
      for (Path src : files.toList()) {
        Path dst = target.resolve(Repo.CHART.relativize(src).toString());
        if (Files.isDirectory(src)) {
          Files.createDirectories(dst);
        } else {
          Files.copy(src, dst);
        }
      }
    }
    return target;
  }
}
