package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drover.e2e.support.Charts;
import io.drover.e2e.support.InstallManifests;
import io.drover.e2e.support.Repo;
import io.drover.e2e.support.Yamls;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * manifests/install: the same objects as the chart with default values, plus CRDs and namespace.
 */
class KustomizeInstallTest {
  private static final Path INSTALL = InstallManifests.INSTALL;
  private static final String HOW_TO_UPDATE =
      "regenerate with ./mvnw -B -pl e2e-tests verify -D"
          + InstallManifests.UPDATE_PROPERTY
          + "=true";

  @BeforeAll
  static void regenerateWhenAsked() {
    if (Boolean.getBoolean(InstallManifests.UPDATE_PROPERTY)) {
      InstallManifests.regenerate();
    }
  }

  /** The objects the kustomization lists, read the way kustomize reads its resources. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> installObjects() {
    Map<String, Object> kustomization = Yamls.parseOne(INSTALL.resolve("kustomization.yaml"));
    assertThat(kustomization)
        .as("plain resource list only: transformers would make the install differ from the chart")
        .containsOnlyKeys("apiVersion", "kind", "resources");
    List<Map<String, Object>> out = new ArrayList<>();
    for (String resource : (List<String>) kustomization.get("resources")) {
      Path file = INSTALL.resolve(resource).normalize();
      assertThat(file).as("kustomize only loads files inside its folder").startsWith(INSTALL);
      assertThat(file).exists();
      out.addAll(Yamls.parseAll(file));
    }
    return out;
  }

  @Test
  void installsTheSameObjectsAsTheChartWithDefaultValues() {
    List<Map<String, Object>> install =
        installObjects().stream()
            .filter(o -> !List.of("Namespace", "CustomResourceDefinition").contains(Yamls.kind(o)))
            .map(KustomizeInstallTest::withoutHelmLabels)
            .toList();
    List<Map<String, Object>> chart =
        Charts.render().stream().map(KustomizeInstallTest::withoutHelmLabels).toList();

    assertThat(byKey(install))
        .as(
            "manifests/install vs `helm template drover helm/drover -n drover-system`: %s",
            HOW_TO_UPDATE)
        .isEqualTo(byKey(chart));
  }

  @Test
  void installsTheCrdsAndARestrictedNamespace() throws IOException {
    List<Map<String, Object>> objs = installObjects();

    assertThat(Yamls.ofKind(objs, "CustomResourceDefinition"))
        .extracting(Yamls::name)
        .containsExactlyInAnyOrder(
            "trainingruns.drover.io", "modelversions.drover.io", "inferenceservices.drover.io");
    HelmChartTest.assertSameFiles(Repo.CRDS, INSTALL.resolve("crds"));
    Map<String, Object> ns = Yamls.single(objs, "Namespace");
    assertThat(Yamls.name(ns)).isEqualTo(Charts.NAMESPACE);
    assertThat((Map<String, Object>) Yamls.at(ns, "metadata.labels"))
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    for (Map<String, Object> o : objs) {
      Object namespace = Yamls.at(o, "metadata.namespace");
      assertThat(namespace == null || Charts.NAMESPACE.equals(namespace))
          .as("%s %s lives in %s", Yamls.kind(o), Yamls.name(o), namespace)
          .isTrue();
    }
  }

  @Test
  void kubectlKustomizeBuildsIt() throws Exception {
    // kubectl embeds kustomize: where it is installed, build the folder for real.
    Process probe;
    try {
      probe =
          new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
    } catch (IOException e) {
      probe = null;
    }
    assumeTrue(
        probe != null && probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "kubectl is not installed: skipping the real `kubectl kustomize manifests/install`");
    Process build = new ProcessBuilder("kubectl", "kustomize", INSTALL.toString()).start();
    String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(build.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(build.exitValue()).as("kubectl kustomize: %s", err).isZero();
    // kustomize re-serialises numbers (1.0 becomes 1): compare values, not spellings.
    assertThat(canonical(byKey(Yamls.parseAll(out)))).isEqualTo(canonical(byKey(installObjects())));
  }

  private static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> objs) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (Map<String, Object> o : objs) {
      String key = Yamls.kind(o) + "/" + Yamls.at(o, "metadata.namespace") + "/" + Yamls.name(o);
      assertThat(out.put(key, o)).as("duplicate %s", key).isNull();
    }
    return new TreeMap<>(out);
  }

  private static Object canonical(Object v) {
    if (v instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros();
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new TreeMap<>();
      m.forEach((k, val) -> out.put(k, canonical(val)));
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(KustomizeInstallTest::canonical).toList();
    }
    return v;
  }

  /** The labels only Helm adds; everything else must match. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> withoutHelmLabels(Map<String, Object> obj) {
    Map<String, Object> copy = Yamls.MAPPER.convertValue(obj, Map.class);
    for (String path : List.of("metadata.labels", "spec.template.metadata.labels")) {
      Map<String, Object> labels = Yamls.at(copy, path);
      if (labels != null) {
        labels.remove("helm.sh/chart");
        labels.remove("app.kubernetes.io/managed-by");
      }
    }
    return copy;
  }
}
